package io.github.wsstarter.integration;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.WsClient;
import io.github.wsstarter.WsClientHandler;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsConnection;
import io.github.wsstarter.WsEndpoint;
import io.github.wsstarter.WsException;
import io.github.wsstarter.WsHandlerDefinitionException;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsOnPong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's own client against its server: the same annotations on the client's handlers, JSON routing by type,
 * the close codes of both sides, and a handshake that fails.
 */
@IntegrationTest
class WsClientIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsClient.Builder builder;

	private WsClient client;

	/** A client's handler: what arrived, in order. */
	static class Handler {

		final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

		@WsOnInit
		void opened(WsConnection connection) {
			this.events.add("open");
		}

		@WsOnClose
		void closed(CloseStatus status, WsCloseCause cause) {
			this.events.add(status.getCode() + " " + cause);
		}

		Object next() throws InterruptedException {
			Object next = this.events.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(next).as("next event").isNotNull();
			return next;
		}

	}

	/** Takes every text message as it is. */
	static class TextHandler extends Handler {

		@WsOnMessage
		void text(String text) {
			this.events.add(text);
		}

	}

	/** Records the round trip of every heartbeat. */
	static class PongHandler extends TextHandler {

		@WsOnPong
		void pong(Duration roundTrip) {
			this.events.add(roundTrip);
		}

	}

	/** Takes JSON messages of type reply, as records. */
	static class JsonHandler extends Handler {

		@WsOnMessage("reply")
		void reply(TestApplication.Reply reply, WsConnection connection) {
			this.events.add(reply);
		}

	}

	@AfterEach
	void close() {
		if (this.client != null) {
			this.client.close();
		}
	}

	private URI uri(String path) {
		return URI.create("ws://127.0.0.1:" + this.port + path);
	}

	@Test
	void aBeanMarkedAsAClientHandlerHandlesAClientsConnection(@Autowired TestApplication.Bot bot) throws Exception {
		this.client = this.builder.handler(bot).build();
		this.client.connect(uri("/ws"));
		// /ws greets with the session's id and echoes: the bot's greeting from its @WsOnInit comes back
		assertThat(bot.heard.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("id:");
		assertThat(bot.heard.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("echo:bot here");
	}

	@Test
	void aClientsHandlerSeesTheOpeningTheMessagesAndItsOwnClose() throws Exception {
		TextHandler handler = new TextHandler();
		this.client = this.builder.handler(handler).build();
		WsConnection connection = this.client.connect(uri("/ws"));
		assertThat(handler.next()).isEqualTo("open");
		assertThat((String) handler.next()).startsWith("id:");
		assertThat(connection.isOpen()).isTrue();
		assertThat(connection.send("hi")).isTrue();
		assertThat(handler.next()).isEqualTo("echo:hi");
		connection.close();
		assertThat(handler.next()).isEqualTo("1000 SERVER_CLOSED");
		assertThat(connection.isOpen()).isFalse();
		assertThat(connection.send("late")).isFalse();
	}

	@Test
	void jsonRepliesAreRoutedByTypeAndAServersCloseReachesTheClientWithItsCode() throws Exception {
		JsonHandler handler = new JsonHandler();
		this.client = this.builder.handler(handler).build();
		WsConnection connection = this.client.connect(uri("/json"));
		assertThat(handler.next()).isEqualTo("open");
		connection.send(java.util.Map.of("type", "chat", "text", "hello", "priority", 2));
		connection.send("{\"type\":\"chat\",\"text\":\"hello\",\"priority\":2}");
		assertThat(handler.next()).isEqualTo(new TestApplication.Reply("reply", "HELLO/2"));
		assertThat(handler.next()).isEqualTo(new TestApplication.Reply("reply", "HELLO/2"));
		// The server's handler throws: it closes with 1011, which the client's @WsOnClose sees with its code
		connection.send("{\"type\":\"fail\"}");
		assertThat((String) handler.next()).startsWith("1011 ");
	}

	@Test
	void theClientPingsAndItsPongMethodsGetTheRoundTrips() throws Exception {
		PongHandler handler = new PongHandler();
		this.client = this.builder.handler(handler).heartbeat(Duration.ofMillis(200), Duration.ofSeconds(5)).build();
		WsConnection connection = this.client.connect(uri("/ws"));
		assertThat(handler.next()).isEqualTo("open");
		assertThat((String) handler.next()).startsWith("id:");
		Object pong = handler.next();
		assertThat(pong).isInstanceOf(Duration.class);
		assertThat((Duration) pong).isPositive().isLessThan(Duration.ofSeconds(5));
		assertThat(connection.isOpen()).isTrue();
	}

	@Test
	void aFailedHandshakeSaysWhyWithTheHttpStatus() {
		this.client = this.builder.handler(new TextHandler()).build();
		assertThatExceptionOfType(WsException.class).isThrownBy(() -> this.client.connect(uri("/no-such-endpoint")))
			.withMessageContaining("Could not connect to " + uri("/no-such-endpoint"))
			.withMessageContaining("404");
	}

	@Test
	void sixteenThreadsSendingAtOnceKeepEachThreadsOrderAndLoseNothing() throws Exception {
		int threads = 16;
		int perThread = 500;
		BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
		this.client = this.builder.handler(new Object() {

			@WsOnMessage
			void text(String text) {
				if (text.startsWith("echo:")) {
					echoes.add(text.substring(5));
				}
			}

		}).build();
		WsConnection connection = this.client.connect(uri("/ws"));
		java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
		java.util.List<Thread> senders = new java.util.ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			Thread sender = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int i = 0; i < perThread; i++) {
					connection.send(thread + ":" + i);
				}
			});
			sender.start();
			senders.add(sender);
		}
		start.countDown();
		for (Thread sender : senders) {
			sender.join(TestClient.TIMEOUT.toMillis());
		}
		int[] next = new int[threads];
		for (int received = 0; received < threads * perThread; received++) {
			String echo = echoes.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(echo).as("echo %d of %d", received, threads * perThread).isNotNull();
			int colon = echo.indexOf(':');
			int thread = Integer.parseInt(echo.substring(0, colon));
			assertThat(Integer.parseInt(echo.substring(colon + 1))).as("next message of thread %d", thread)
				.isEqualTo(next[thread]++);
		}
		assertThat(next).containsOnly(perThread);
	}

	@Test
	void aConnectionCutWithoutACloseFrameIsReportedAs1006Dropped() throws Exception {
		try (TcpProxy proxy = new TcpProxy(this.port)) {
			TextHandler handler = new TextHandler();
			this.client = this.builder.handler(handler).build();
			WsConnection connection = this.client.connect(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"));
			assertThat(handler.next()).isEqualTo("open");
			assertThat((String) handler.next()).startsWith("id:");
			proxy.cut();
			assertThat(handler.next()).isEqualTo("1006 DROPPED");
			assertThat(connection.isOpen()).isFalse();
			assertThat(connection.send("late")).isFalse();
		}
	}

	@Test
	void handshakeHeadersBinaryMessagesAndErrorMethodsWorkOnTheClientToo() throws Exception {
		BlockingQueue<Object> events = new LinkedBlockingQueue<>();
		Object handler = new Object() {

			@WsOnMessage
			void text(String text, io.github.wsstarter.WsClientConnection connection) {
				events.add(text);
				if (text.equals("hello ann")) {
					throw new IllegalStateException("handled on the client");
				}
			}

			@WsOnMessage
			void binary(byte[] bytes) {
				events.add(bytes);
			}

			@io.github.wsstarter.WsOnError
			String failed(IllegalStateException error, WsConnection connection) {
				events.add("error: " + error.getMessage());
				return "after the error";
			}

		};
		String token = java.util.Base64.getEncoder()
			.encodeToString("ann:secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		this.client = this.builder.handler(handler).header("Authorization", "Basic " + token).build();
		WsConnection secure = this.client.connect(uri("/secure"));
		assertThat(events.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("hello ann");
		assertThat(events.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
			.isEqualTo("error: handled on the client");
		// The error method's return value went to the server, and the connection stays open
		assertThat(secure.isOpen()).isTrue();
		WsConnection binary = this.client.connect(uri("/binary"));
		binary.send(new byte[] { 7, 8, 9 });
		assertThat(events.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new byte[] { 7, 8, 9 });
		binary.send(java.nio.ByteBuffer.wrap(new byte[] { 1 }));
		assertThat(events.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new byte[] { 1 });
	}

	@Test
	void wsMessageAndByteBufferPayloadsOnTheClientGiveTheClientsConnection() throws Exception {
		BlockingQueue<Object> events = new LinkedBlockingQueue<>();
		Object handler = new Object() {

			@WsOnMessage
			void any(io.github.wsstarter.WsMessage message) {
				events.add((message.isText() ? "text " + message.text() : "binary " + message.binary().remaining())
						+ " on " + message.connection().getClass().getSimpleName());
			}

			@WsOnMessage
			void buffer(java.nio.ByteBuffer buffer, io.github.wsstarter.WsClientConnection connection) {
				events.add(buffer.remaining());
			}

		};
		this.client = this.builder.handler(handler).build();
		WsConnection connection = this.client.connect(uri("/binary"));
		connection.send(new byte[] { 1, 2, 3, 4 });
		java.util.List<Object> received = new java.util.ArrayList<>();
		for (int i = 0; i < 2; i++) {
			received.add(events.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
		}
		assertThat(received).containsExactlyInAnyOrder("binary 4 on ClientConnection", 4);
		WsConnection text = this.client.connect(uri("/ws"));
		assertThat((String) events.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
			.startsWith("text id:").endsWith(" on ClientConnection");
		assertThat(text.isOpen()).isTrue();
	}

	@Test
	void aClientHandlerThatTakesAServerSessionIsRefusedAtBuild() {
		Object serverStyle = new Object() {

			@WsOnInit
			void opened(io.github.wsstarter.WsSession session) {
			}

		};
		assertThatExceptionOfType(WsHandlerDefinitionException.class)
			.isThrownBy(() -> WsClient.builder().handler(serverStyle).build())
			.withMessageContaining("of type WsSession, which only server endpoints get")
			.withMessageContaining("take a WsConnection or WsClientConnection")
			.withMessageContaining("on client handler '");
	}

	@Test
	void aMessageNoHandlerMethodTakesClosesTheConnectionWith1007NamingTheServer(CapturedOutput output)
			throws Exception {
		JsonHandler handler = new JsonHandler();
		this.client = this.builder.handler(handler).build();
		// /ws greets with "id:...", which is not JSON: the handler takes only messages of type reply
		this.client.connect(uri("/ws"));
		assertThat(handler.next()).isEqualTo("open");
		assertThat(handler.next()).isEqualTo("1007 INVALID_PAYLOAD");
		assertThat(output.getOut()).containsPattern("WARN .* Closing WebSocket client connection '[^']+' to "
				+ uri("/ws") + " with 1007: No @WsOnMessage method of the client's handlers takes this text frame: "
				+ "expected a JSON object whose string field 'type' is one of \\[reply\\]");
	}

	@WsClientHandler
	@WsEndpoint("/both")
	static class EndpointAndClientHandler extends TextHandler {

	}

	@Test
	void aHandlerThatIsAlsoMarkedAsAnEndpointIsRefusedAtBuild() {
		assertThatExceptionOfType(WsHandlerDefinitionException.class)
			.isThrownBy(() -> WsClient.builder().handler(new EndpointAndClientHandler()).build())
			.withMessage("Client handler 'WsClientIntegrationTests.EndpointAndClientHandler' is annotated with both "
					+ "@WsEndpoint and @WsClientHandler: expected @WsEndpoint on a server's endpoint, "
					+ "@WsClientHandler on a client's handler");
	}

	@Test
	void aHandlerMethodThatCannotBeCalledIsRefusedAtBuildWithTheServersMessage() {
		Object broken = new Object() {

			@WsOnMessage
			void twoPayloads(String one, String two) {
			}

		};
		assertThatExceptionOfType(WsHandlerDefinitionException.class)
			.isThrownBy(() -> WsClient.builder().handler(broken).build())
			.withMessageContaining("twoPayloads");
	}

}
