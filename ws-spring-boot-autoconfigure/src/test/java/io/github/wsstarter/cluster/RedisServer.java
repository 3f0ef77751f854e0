package io.github.wsstarter.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a free loopback port, started, stopped, killed and restarted by the tests.
 * Debian's {@code /usr/bin/redis-server} when it is installed (CI installs it); otherwise the same Redis 7.0.15 as a
 * static binary taken from the {@code org.signal:embedded-redis} jar, so that {@code mvn verify} needs nothing else.
 * Nothing is persisted. Public for the sample's cluster test, through this module's test jar.
 */
public final class RedisServer implements AutoCloseable {

	private static final Path DEBIAN = Path.of("/usr/bin/redis-server");

	private final int port;

	private final Path directory;

	private Process process;

	private RedisServer(int port) throws IOException {
		this.port = port;
		this.directory = Files.createTempDirectory("redis");
	}

	public static RedisServer start() throws Exception {
		RedisServer server = new RedisServer(freePort());
		server.startProcess();
		return server;
	}

	public int port() {
		return this.port;
	}

	/** Start again on the same port after {@link #stop()} or {@link #kill()}. */
	public void restart() throws Exception {
		startProcess();
	}

	/** Stop as an operator would (SIGTERM), waiting for the process to end. */
	public void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			kill();
		}
	}

	/** Kill at once (SIGKILL), as a crash would. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			kill();
		}
	}

	private void startProcess() throws Exception {
		List<String> command = List.of(executable().toString(), "--port", String.valueOf(this.port), "--bind",
				"127.0.0.1", "--protected-mode", "no", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir",
				this.directory.toString(), "--logfile", "");
		this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
		CompletableFuture<Void> ready = new CompletableFuture<>();
		Thread reader = new Thread(() -> read(this.process.getInputStream(), ready), "redis-" + this.port + "-log");
		reader.setDaemon(true);
		reader.start();
		try {
			ready.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			kill();
			throw new IllegalStateException("redis-server did not start on port " + this.port, ex);
		}
	}

	private static void read(InputStream output, CompletableFuture<Void> ready) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (line.contains("Ready to accept connections")) {
					ready.complete(null);
				}
			}
		}
		catch (IOException ex) {
			ready.completeExceptionally(ex);
		}
		ready.completeExceptionally(new IllegalStateException("redis-server exited"));
	}

	private static synchronized Path executable() throws IOException {
		if (Files.isExecutable(DEBIAN)) {
			return DEBIAN;
		}
		String arch = System.getProperty("os.arch").contains("64") ? (System.getProperty("os.arch").contains("aarch")
				? "arm64" : "amd64") : "386";
		String os = System.getProperty("os.name").toLowerCase().contains("mac") ? "darwin" : "linux";
		Path binary = Path.of(System.getProperty("java.io.tmpdir"), "ws-starter-redis-server-7.0.15-" + os + "-" + arch);
		if (!Files.isExecutable(binary)) {
			String resource = "/redis-server-7.0.15-" + os + "-" + arch;
			try (InputStream in = RedisServer.class.getResourceAsStream(resource)) {
				if (in == null) {
					throw new IllegalStateException("No redis-server: install Debian's redis-server package");
				}
				Path partial = Files.createTempFile(binary.getParent(), "redis-server", ".part");
				Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
				partial.toFile().setExecutable(true);
				Files.move(partial, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
		}
		return binary;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
