package io.github.wsstarter.integration;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.WsClient;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsConnection;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsOnPong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The client against a server that is not this starter: Python's {@code websockets} (Debian's
 * {@code python3-websockets}, which {@code .ci/run} installs), sending fragmented messages and pings.
 * <p>
 * Without it, the test is skipped on a developer's machine and fails on CI ({@code E2E_REQUIRED=true}).
 */
class InteropIntegrationTests {

	private static final String PYTHON = "/usr/bin/python3";

	private static Process server;

	private static int port;

	record Greeting(String type, String name) {
	}

	/** Everything the client's handler sees, in order. */
	static class Handler {

		final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

		/** Every text frame; the JSON ones also reach their typed method, which records them. */
		@WsOnMessage
		void text(String text) {
			if (!text.startsWith("{")) {
				this.events.add(text);
			}
		}

		@WsOnMessage
		void binary(byte[] bytes) {
			this.events.add(bytes);
		}

		@WsOnMessage("greeting")
		void greeting(Greeting greeting, WsConnection connection) {
			this.events.add(greeting);
		}

		@WsOnPong
		void pong(Duration roundTrip) {
			this.events.add(roundTrip);
		}

		@WsOnClose
		void closed(CloseStatus status, WsCloseCause cause) {
			this.events.add(status.getCode() + " " + status.getReason() + " " + cause);
		}

		/** The next event that is not a heartbeat's round trip. */
		Object next() throws InterruptedException {
			long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
			while (true) {
				Object next = this.events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				assertThat(next).as("next event").isNotNull();
				if (!(next instanceof Duration)) {
					return next;
				}
			}
		}

	}

	@BeforeAll
	static void startServer() throws Exception {
		boolean available = new File(PYTHON).canExecute() && new ProcessBuilder(PYTHON, "-c", "import websockets")
			.redirectErrorStream(true)
			.start()
			.waitFor() == 0;
		if (!available && Boolean.parseBoolean(System.getenv("E2E_REQUIRED"))) {
			throw new IllegalStateException("The interoperability tests need Python's websockets at " + PYTHON
					+ ": apt-get install python3-websockets");
		}
		assumeTrue(available, "Python's websockets is not installed (apt-get install python3-websockets)");
		File script = new File(InteropIntegrationTests.class.getResource("/interop/websockets_server.py").toURI());
		server = new ProcessBuilder(PYTHON, script.getAbsolutePath(), "0").redirectErrorStream(true).start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
		String line = CompletableFuture.supplyAsync(() -> {
			try {
				return output.readLine();
			}
			catch (java.io.IOException ex) {
				return null;
			}
		}).get(30, TimeUnit.SECONDS);
		assertThat(line).as("the Python server's first line").startsWith("port ");
		port = Integer.parseInt(line.substring(5).trim());
	}

	@AfterAll
	static void stopServer() throws Exception {
		if (server != null) {
			server.getOutputStream().close();
			if (!server.waitFor(5, TimeUnit.SECONDS)) {
				server.destroyForcibly();
			}
		}
	}

	@Test
	void fragmentedMessagesArriveWholePingsAreAnsweredAndTheServersCloseCodeIsReported() throws Exception {
		Handler handler = new Handler();
		try (WsClient client = WsClient.builder()
			.handler(handler)
			.heartbeat(Duration.ofMillis(200), Duration.ofSeconds(5))
			.build()) {
			WsConnection connection = client.connect(URI.create("ws://127.0.0.1:" + port + "/"));
			assertThat(handler.next()).isEqualTo("Hello, fragmented world");
			assertThat(handler.next()).isEqualTo(new byte[] { 1, 2, 3, 4, 5 });
			assertThat(handler.next()).isEqualTo(new Greeting("greeting", "python"));
			// The server's ping was answered by the client: the server says so
			assertThat(handler.next()).isEqualTo("pong interop");
			connection.send("hi");
			assertThat(handler.next()).isEqualTo("echo:hi");
			connection.send(new byte[] { 9, 8 });
			assertThat(handler.next()).isEqualTo(new byte[] { 9, 8 });
			// The client's heartbeats are answered by the server's pongs
			Object roundTrip = handler.events.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(roundTrip).isInstanceOf(Duration.class);
			connection.send("close");
			assertThat(handler.next()).isEqualTo("4001 bye CLIENT_CLOSED");
			assertThat(connection.isOpen()).isFalse();
		}
	}

}
