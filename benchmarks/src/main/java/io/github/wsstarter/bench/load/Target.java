package io.github.wsstarter.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process under test: a Java target (the starter, plain Spring) or Node's, started fresh on a free port with
 * the same JVM options, its output appended to {@code benchmarks/target/<name>.log}.
 */
record Target(Process process, int port) implements AutoCloseable {

	private static final String JVM_OPTIONS = "-Xms256m -Xmx1g -XX:+UseG1GC";

	long pid() {
		return this.process.pid();
	}

	static Target start(String name, String... arguments) throws Exception {
		int port = freePort();
		List<String> command = new ArrayList<>();
		if (name.equals("node")) {
			command.addAll(List.of("node", "--expose-gc", "server.js", String.valueOf(port)));
		}
		else {
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(Arrays.asList(JVM_OPTIONS.split(" ")));
			if (System.getenv("BENCH_EXTRA_JVM") != null) {
				command.addAll(Arrays.asList(System.getenv("BENCH_EXTRA_JVM").replace("%t", name).split(" ")));
			}
			if (name.equals("starter-small-buffers")) {
				// What an application with many idle connections may opt into: Tomcat's JVM-wide WebSocket buffers
				command.add("-Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=1024");
			}
			command.addAll(List.of("-cp", System.getProperty("java.class.path"),
					name.startsWith("starter") ? "io.github.wsstarter.bench.starter.StarterTarget"
							: "io.github.wsstarter.bench.raw.SpringRawTarget",
					"--server.port=" + port));
			if (name.equals("starter-small-buffers")) {
				command.add("--ws.socket-buffer-size=4KB");
			}
			if (name.equals("starter-cluster")) {
				command.addAll(List.of("--ws.cluster.enabled=true", "--spring.application.name=bench"));
			}
			command.addAll(Arrays.asList(arguments));
			if (name.equals("starter-nodeflate")) {
				// The starter declining browsers' compression, so that they take the direct path
				command.add("--ws.permessage-deflate=false");
			}
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("benchmarks", "target", name + ".log").toFile()));
		if (name.equals("node")) {
			builder.directory(Path.of("benchmarks", "node").toFile());
		}
		Files.createDirectories(Path.of("benchmarks", "target"));
		Process process = builder.start();
		awaitPort(process, port, Duration.ofSeconds(60));
		return new Target(process, port);
	}

	/** Wait until this instance sees {@code instances} live instances delivering (the starter's GET /cluster). */
	void awaitCluster(int instances) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		String body = "";
		while (System.nanoTime() < deadline) {
			body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/cluster")).build(),
					HttpResponse.BodyHandlers.ofString()).body().trim();
			if (body.equals(instances + " delivering")) {
				return;
			}
			TimeUnit.MILLISECONDS.sleep(100);
		}
		throw new IllegalStateException("Cluster not formed on port " + this.port + ": " + body);
	}

	private static void awaitPort(Process process, int port, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Target exited with " + process.exitValue());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException notYet) {
				TimeUnit.MILLISECONDS.sleep(100);
			}
		}
		throw new IllegalStateException("Target did not listen on " + port + " within " + timeout);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
