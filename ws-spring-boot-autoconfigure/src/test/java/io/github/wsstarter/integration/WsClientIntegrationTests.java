package io.github.wsstarter.integration;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.WsClient;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsConnection;
import io.github.wsstarter.WsException;
import io.github.wsstarter.WsHandlerDefinitionException;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsOnPong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
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
