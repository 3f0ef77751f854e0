package io.github.wsstarter.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsEndpoint;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsOnPong;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.session.WsFrameSinks;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter on Jetty (Spring Boot's {@code spring-boot-starter-jetty} instead of Tomcat): the README's chat, a
 * broadcast to 100 clients, a client that stops reading, and heartbeats, against a real Jetty and real clients. On
 * Jetty every session is written through the Jakarta WebSocket API. A server of its own: pings every 500 ms with 1 s to
 * answer, and a 2 s send time limit so that a stalled client is found quickly (a buffer limit of 32MB, so that only the
 * time limit finds it, and the healthy client's queue never fills).
 */
@SpringBootTest(classes = JettySmokeIntegrationTests.JettyApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.heartbeat.interval=500ms", "ws.heartbeat.timeout=1s", "ws.send-buffer-size-limit=32MB",
				"ws.send-time-limit=2s" })
class JettySmokeIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

	@Autowired
	WsFrameSinks sinks;

	@Autowired
	WsBroadcaster broadcaster;

	@Autowired
	Chat chat;

	@Test
	void theServerIsJettyAndFramesGoThroughTheJakartaApi() {
		assertThat(this.context.getWebServer().getClass().getSimpleName()).startsWith("Jetty");
		assertThat(this.sinks.isDirect()).isFalse();
	}

	@Test
	void theReadmeChatWorks() {
		try (TestClient alice = TestClient.connect(this.port, "/ws")) {
			alice.send("hello from alice");
			assertThat(alice.nextText()).isEqualTo("hello from alice");
			TestClient bob = TestClient.connect(this.port, "/ws");
			// History first, then what is said from now on
			assertThat(bob.nextText()).isEqualTo("hello from alice");
			bob.send("hi alice");
			assertThat(alice.nextText()).isEqualTo("hi alice");
			assertThat(bob.nextText()).isEqualTo("hi alice");
			bob.close();
			await().atMost(WAIT).until(() -> this.chat.left.size() >= 1);
			assertThat(this.chat.left).anySatisfy((close) -> assertThat(close).startsWith("1000:CLIENT_CLOSED"));
		}
	}

	@Test
	void theStartersClientTalksToAnEndpointOnJetty() throws Exception {
		java.util.concurrent.BlockingQueue<String> heard = new java.util.concurrent.LinkedBlockingQueue<>();
		Object listener = new Object() {

			@WsOnMessage
			void heard(String text) {
				heard.add(text);
			}

			@WsOnClose
			void closed(CloseStatus status, WsCloseCause cause) {
				heard.add(status.getCode() + " " + cause);
			}

		};
		try (io.github.wsstarter.WsClient client = io.github.wsstarter.WsClient.builder().handler(listener).build()) {
			io.github.wsstarter.WsConnection connection = client
				.connect(java.net.URI.create("ws://127.0.0.1:" + this.port + "/echo"));
			connection.send("hello from the client");
			assertThat(heard.poll(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
				.isEqualTo("echo:hello from the client");
			connection.close();
			assertThat(heard.poll(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
				.isEqualTo("1000 SERVER_CLOSED");
		}
	}

	@Test
	void aBroadcastReachesAHundredClientsEachMessageOnceAndInOrder() {
		List<TestClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 100; i++) {
				TestClient client = TestClient.connect(this.port, "/feed");
				assertThat(client.nextText()).isEqualTo("joined");
				clients.add(client);
			}
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				expected.add("m" + i);
				this.broadcaster.sendToRoom("feed", "m" + i);
			}
			for (TestClient client : clients) {
				assertThat(client.nextTexts(100)).isEqualTo(expected);
			}
		}
		finally {
			clients.forEach(TestClient::close);
		}
	}

	@Test
	void aClientThatStopsReadingIsClosedAsASlowConsumerAndDelaysNobody() throws Exception {
		try (TestClient healthy = TestClient.connect(this.port, "/stalls");
				RawClient stalled = RawClient.connect(this.port, "/stalls", "127.0.0.1", 4096)) {
			assertThat(healthy.nextText()).isEqualTo("joined");
			assertThat(stalled.readFrame().text()).isEqualTo("joined");
			// 12.8 MB: more than the socket buffers (16 KB on the server's side, 4 KB on the client's) can take
			String chunk = "x".repeat(32_000);
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				expected.add(i + chunk);
				this.broadcaster.sendToRoom("stalls", i + chunk);
			}
			assertThat(healthy.nextTexts(400)).isEqualTo(expected);
			await().atMost(WAIT).until(() -> this.chat.stalls.contains(WsCloseCause.SLOW_CONSUMER));
		}
	}

	@Test
	void heartbeatsMeasureLiveClientsAndCloseSilentOnesAs1006() throws Exception {
		try (TestClient live = TestClient.connect(this.port, "/beat")) {
			String id = live.nextText();
			await().atMost(WAIT).until(() -> this.chat.pongs.getOrDefault(id, new AtomicInteger()).get() >= 2);
			assertThat(this.broadcaster.session(id)).get().extracting(WsSession::lastRoundTripTime).isNotNull();
		}
		try (RawClient silent = RawClient.connect(this.port, "/beat")) {
			String id = silent.readFrame().text();
			await().atMost(WAIT).until(() -> this.chat.beats.containsKey(id));
			assertThat(this.chat.beats.get(id)).isEqualTo("1006:HEARTBEAT_TIMEOUT");
		}
	}

	/** The starter, the handlers below, and nothing scanned. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class JettyApplication {

		/** A small, fixed socket send buffer: the kernel would otherwise grow it to its maximum (4 MB here). */
		@Bean
		WebServerFactoryCustomizer<JettyServletWebServerFactory> smallSocketSendBuffer() {
			return (factory) -> factory.addServerCustomizers((server) -> {
				for (Connector connector : server.getConnectors()) {
					if (connector instanceof ServerConnector serverConnector) {
						serverConnector.setAcceptedSendBufferSize(16384);
					}
				}
			});
		}

		@Bean
		Chat chat(WsBroadcaster broadcaster) {
			return new Chat(broadcaster);
		}

		@Bean
		Feed feed() {
			return new Feed();
		}

		@Bean
		Stalls stalls(Chat chat) {
			return new Stalls(chat);
		}

		@Bean
		Beat beat(Chat chat) {
			return new Beat(chat);
		}

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	/** Echoes text: for the starter's own client. */
	@WsEndpoint("/echo")
	static class Echo {

		@WsOnMessage
		String echo(String text) {
			return "echo:" + text;
		}

	}

	/** The chat of the README, with what it saw kept for the tests. */
	static class Chat {

		private final WsBroadcaster broadcaster;

		private final List<String> history = new CopyOnWriteArrayList<>();

		final List<String> left = new CopyOnWriteArrayList<>();

		final List<WsCloseCause> stalls = new CopyOnWriteArrayList<>();

		final Map<String, AtomicInteger> pongs = new ConcurrentHashMap<>();

		final Map<String, String> beats = new ConcurrentHashMap<>();

		Chat(WsBroadcaster broadcaster) {
			this.broadcaster = broadcaster;
		}

		@WsOnInit
		void joined(WsSession session) {
			this.history.forEach(session::send);
		}

		@WsOnMessage
		void said(WsSession session, String text) {
			this.history.add(text);
			this.broadcaster.sendAll(text);
		}

		@WsOnClose
		void left(WsSession session, CloseStatus status, WsCloseCause cause) {
			this.left.add(status.getCode() + ":" + cause);
		}

	}

	@WsEndpoint("/feed")
	static class Feed {

		@WsOnInit
		String joined(WsSession session) {
			session.join("feed");
			return "joined";
		}

	}

	@WsEndpoint("/stalls")
	static class Stalls {

		private final Chat chat;

		Stalls(Chat chat) {
			this.chat = chat;
		}

		@WsOnInit
		String joined(WsSession session) {
			session.join("stalls");
			return "joined";
		}

		@WsOnClose
		void left(WsCloseCause cause) {
			this.chat.stalls.add(cause);
		}

	}

	@WsEndpoint("/beat")
	static class Beat {

		private final Chat chat;

		Beat(Chat chat) {
			this.chat = chat;
		}

		@WsOnInit
		String opened(WsSession session) {
			return session.id();
		}

		@WsOnPong
		void pong(WsSession session, Duration roundTrip) {
			this.chat.pongs.computeIfAbsent(session.id(), (id) -> new AtomicInteger()).incrementAndGet();
		}

		@WsOnClose
		void closed(WsSession session, CloseStatus status, WsCloseCause cause) {
			this.chat.beats.put(session.id(), status.getCode() + ":" + cause);
		}

	}

}
