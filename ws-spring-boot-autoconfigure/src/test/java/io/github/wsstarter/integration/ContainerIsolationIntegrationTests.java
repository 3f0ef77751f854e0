package io.github.wsstarter.integration;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletContext;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerContainer;

import io.github.wsstarter.WsOnMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The starter changes nothing outside its own sessions: it sets no system property and no container-wide message
 * buffer default, so a plain Spring {@link TextWebSocketHandler} of the same application takes and sends a
 * 4,000-character message whole, and so does a Tomcat WebSocket client in the same JVM
 * ({@link StandardWebSocketClient}) receiving one from the starter's endpoint; the starter's own endpoint still
 * echoes and still closes a message above {@code ws.max-text-message-size} (2KB here) with 1009. A server of its own:
 * an application with the starter and its own {@code @EnableWebSocket} endpoint at {@code /plain}.
 */
@SpringBootTest(classes = ContainerIsolationIntegrationTests.IsolationApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ws.max-text-message-size=2KB")
class ContainerIsolationIntegrationTests {

	/** Longer than the starter's limit here (2,048 characters) and than its old 1 KB container buffers. */
	static final String LARGE = "L".repeat(4_000);

	@LocalServerPort
	int port;

	@Autowired
	WebApplicationContext context;

	@Test
	void theStarterSetsNoSystemPropertyAndNoContainerWideBufferDefaults() {
		assertThat(System.getProperty("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE")).isNull();
		ServletContext servletContext = this.context.getServletContext();
		assertThat(servletContext).isNotNull();
		Object attribute = servletContext.getAttribute(ServerContainer.class.getName());
		assertThat(attribute).isInstanceOf(ServerContainer.class);
		ServerContainer server = (ServerContainer) attribute;
		// A container nobody has configured: Tomcat's own defaults
		WebSocketContainer untouched = ContainerProvider.getWebSocketContainer();
		assertThat(server.getDefaultMaxTextMessageBufferSize()).as("server container's text buffer default")
			.isEqualTo(untouched.getDefaultMaxTextMessageBufferSize());
		assertThat(server.getDefaultMaxBinaryMessageBufferSize()).as("server container's binary buffer default")
			.isEqualTo(untouched.getDefaultMaxBinaryMessageBufferSize());
	}

	@Test
	void aPlainSpringEndpointOfTheApplicationEchoesA4000CharacterMessage() throws Exception {
		Recorder recorder = new Recorder();
		WebSocketSession session = connect(recorder, "/plain");
		try {
			session.sendMessage(new TextMessage(LARGE));
			assertThat(recorder.next()).isEqualTo(LARGE);
			// A message after it is still echoed: the session was not closed (1009 or otherwise)
			session.sendMessage(new TextMessage("after"));
			assertThat(recorder.next()).isEqualTo("after");
			assertThat(recorder.closed).isNotDone();
		}
		finally {
			session.close();
		}
	}

	@Test
	void theStartersEndpointEchoesAndClosesAMessageAboveItsLimitWith1009() {
		try (TestClient client = TestClient.connect(this.port, "/ws")) {
			assertThat(client.send("hello").nextText()).isEqualTo("echo:hello");
			assertThat(client.send(LARGE).awaitClose().code()).isEqualTo(1009);
		}
	}

	@Test
	void aTomcatClientInTheSameJvmReceivesA4000CharacterMessageFromTheStarterWhole() throws Exception {
		Recorder recorder = new Recorder();
		WebSocketSession session = connect(recorder, "/ws");
		try {
			session.sendMessage(new TextMessage("large"));
			assertThat(recorder.next()).isEqualTo(LARGE);
			session.sendMessage(new TextMessage("after"));
			assertThat(recorder.next()).isEqualTo("echo:after");
			assertThat(recorder.closed).isNotDone();
		}
		finally {
			session.close();
		}
	}

	/** Connect a Spring client on a Tomcat container with its defaults, as an application would. */
	private WebSocketSession connect(Recorder recorder, String path) throws Exception {
		return new StandardWebSocketClient().execute(recorder, "ws://127.0.0.1:{port}" + path, this.port)
			.get(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** A client-side handler that takes whole messages only, as most do: a message over its buffer closes it. */
	static final class Recorder extends TextWebSocketHandler {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			this.received.add(message.getPayload());
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) {
			this.closed.complete(CloseStatus.NO_CLOSE_FRAME.withReason(String.valueOf(exception)));
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.closed.complete(status);
		}

		String next() throws InterruptedException {
			String next = this.received.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (next == null) {
				fail("No message within " + TestClient.TIMEOUT
						+ (this.closed.isDone() ? "; closed with " + this.closed.join() : ""));
			}
			return next;
		}

	}

	/**
	 * The starter, with one handler bean on its default path, and a plain Spring WebSocket endpoint of the
	 * application's own. Not a {@code @Configuration}, for the reason given on {@link CallbackApplication}.
	 */
	@EnableAutoConfiguration(excludeName = { CallbackApplication.SECURITY, CallbackApplication.USER_DETAILS,
			CallbackApplication.SERVLET_SECURITY, CallbackApplication.SECURITY_FILTER,
		CallbackApplication.MANAGEMENT_SECURITY })
	@EnableWebSocket
	static class IsolationApplication {

		@Bean
		WebSocketConfigurer plainEndpoint() {
			return (registry) -> registry.addHandler(new PlainEcho(), "/plain");
		}

		@Bean
		StarterEcho starterEcho() {
			return new StarterEcho();
		}

	}

	/** What an application writes without the starter: echo each text message. */
	static final class PlainEcho extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			session.sendMessage(new TextMessage(message.getPayload()));
		}

	}

	/** The starter's default endpoint: {@code large} is answered with 4,000 characters, anything else echoed. */
	static class StarterEcho {

		@WsOnMessage
		String echo(String text) {
			return "large".equals(text) ? LARGE : "echo:" + text;
		}

	}

}
