package io.github.wsstarter.bench.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} for the cluster scenario, on a free loopback port, persisting nothing. Needs Redis installed
 * ({@code apt-get install redis-server}).
 */
final class RedisProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private RedisProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static RedisProcess start(int port) throws Exception {
		String executable = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").stream()
			.filter((path) -> Files.isExecutable(Path.of(path)))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"The starter-cluster target needs redis-server: apt-get install redis-server"));
		Process process = new ProcessBuilder(executable, "--port", String.valueOf(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", Files.createTempDirectory("redis").toString())
			.redirectErrorStream(true)
			.start();
		BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		for (String line = output.readLine(); line != null && System.nanoTime() < deadline; line = output.readLine()) {
			if (line.contains("Ready to accept connections")) {
				Thread drain = new Thread(() -> {
					try {
						output.lines().forEach((ignored) -> {
						});
					}
					catch (java.io.UncheckedIOException ex) {
						// closed with the process
					}
				}, "redis-output");
				drain.setDaemon(true);
				drain.start();
				return new RedisProcess(process, port);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("redis-server did not start on port " + port);
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
