package io.github.wsstarter.integration;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.test.WsTestClient;
import io.github.wsstarter.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The starter's test kit ({@code ws-spring-boot-starter-test}) against the real server: the injected client, each
 * wait and assertion, the failure messages that list what arrived, and the misbehaving client it can play.
 */
@IntegrationTest
class WsTestKitIntegrationTests {

	@Autowired
	WsTestClient ws;

	@Autowired
	TestApplication.Events events;

	private WsCloseCause causeOf(String id) {
		// The cause is recorded just before the close status: wait for both
		await().atMost(TestClient.TIMEOUT)
			.until(() -> this.events.causes.containsKey(id) && this.events.closed.containsKey(id));
		return this.events.causes.get(id);
	}

	@Test
	void aConversationOfTextJsonAndBinary() {
		try (WsTestConnection connection = this.ws.connect()) {
			assertThat(connection).receivesTextSatisfying((text) -> assertThat(text).startsWith("id:"));
			assertThat(connection.send("hi")).receivesText("echo:hi");
			assertThat(connection.receivedCount()).isEqualTo(2);
			assertThat(connection.isOpen()).isTrue();
		}
		try (WsTestConnection connection = this.ws.connect("/json")) {
			connection.send(Map.of("type", "chat", "text", "hello", "priority", 2));
			assertThat(connection).receivesJson(TestApplication.Reply.class, new TestApplication.Reply("reply", "HELLO/2"));
			connection.send(Map.of("type", "chat", "text", "again", "priority", 1));
			assertThat(connection.awaitJson(JsonNode.class).get("text").asString()).isEqualTo("AGAIN/1");
		}
		try (WsTestConnection connection = this.ws.connect("/binary")) {
			assertThat(connection.send(new byte[] { 1, 2, 3 })).receivesBinary(new byte[] { 1, 2, 3 });
			assertThat(connection).receivesNothingFor(Duration.ofMillis(200));
		}
	}

	@Test
	void typedAwaitsPassOverOtherTypesAndKeepThemForTheOthers() {
		try (WsTestConnection connection = this.ws.connect("/json")) {
			connection.send(Map.of("type", "chat", "text", "one", "priority", 1));
			connection.send("{\"type\":\"tree\",\"value\":\"leaf\"}");
			connection.send(Map.of("type", "chat", "text", "two", "priority", 2));
			// The replies come as reply, tree, reply; each type has a position of its own
			assertThat(connection.awaitJson("reply", TestApplication.Reply.class).text()).isEqualTo("ONE/1");
			assertThat(connection.awaitJson("reply", TestApplication.Reply.class).text()).isEqualTo("TWO/2");
			assertThat(connection.awaitJson("tree", TestApplication.Reply.class).text()).isEqualTo("leaf");
			// The plain waits take every message in order
			assertThat(connection.awaitJson(JsonNode.class).get("text").asString()).isEqualTo("ONE/1");
			assertThat(connection.awaitJson(JsonNode.class).get("type").asString()).isEqualTo("tree");
		}
	}

	@Test
	void aFailedWaitSaysWhatArrivedAndHowTheConnectionClosed() {
		try (WsTestConnection connection = this.ws.connect()) {
			String id = connection.awaitText();
			connection.send("a");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(connection::awaitBinary)
				.withMessageContaining("Expected a binary message from ws://localhost:")
				.withMessageContaining("but the next was text \"echo:a\"")
				.withMessageContaining("received 2: text \"" + id + "\", text \"echo:a\"");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> connection.awaitText(Duration.ofMillis(100)))
				.withMessageContaining("Expected a text message from ws://localhost:")
				.withMessageContaining("within PT0.1S but none came; received 2");
			connection.send("b");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(connection).receivesText("c"))
				.withMessageContaining("to be text \"c\" but it was \"echo:b\"");
			this.events.opened.get(id.substring(3)).close(org.springframework.web.socket.CloseStatus.POLICY_VIOLATION
				.withReason("go away"));
			assertThat(connection).closesWith(1008, "go away");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(connection::awaitText)
				.withMessageContaining("none came; received 3")
				.withMessageContaining("closed with 1008 'go away'");
		}
	}

	@Test
	void aHandshakeThatFailsSaysWhyWithTheStatus() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.ws.connect("/no-such-endpoint"))
			.withMessageContaining("Could not connect to ws://localhost:")
			.withMessageContaining("the server answered HTTP 404");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.ws.expectRefused("/ws"))
			.withMessageContaining("to be refused, but it succeeded");
	}

	@Test
	void aDroppedConnectionReachesTheServerAs1006Dropped() {
		WsTestConnection connection = this.ws.connect();
		String id = connection.awaitText().substring(3);
		connection.drop();
		assertThat(connection.isOpen()).isFalse();
		assertThat(connection.awaitClose().getCode()).isEqualTo(1006);
		assertThat(causeOf(id)).isEqualTo(WsCloseCause.DROPPED);
		assertThat(this.events.closed.get(id).peek().getCode()).isEqualTo(1006);
	}

	@Test
	void aStalledConnectionStillClosesCleanly() {
		WsTestConnection connection = this.ws.connect();
		String id = connection.awaitText().substring(3);
		connection.stopReading();
		connection.close();
		// The server's answer to the close frame was read: a clean close on both sides, no reset
		assertThat(connection.awaitClose().getCode()).isEqualTo(1000);
		assertThat(causeOf(id)).isEqualTo(WsCloseCause.CLIENT_CLOSED);
		assertThat(connection.isOpen()).isFalse();
	}

	@Test
	void aClientThatStopsReadingIsClosedAsASlowConsumer() {
		try (WsTestConnection connection = this.ws.connect()) {
			String id = connection.awaitText().substring(3);
			connection.stopReading();
			WsSession session = this.events.opened.get(id);
			String chunk = "s".repeat(64 * 1024);
			// The TCP buffers fill, then the outbound queue: past 512 KB queued, a slow consumer (64 MB at most)
			for (int sent = 0; sent < 1024 && session.isOpen(); sent++) {
				session.send(chunk);
			}
			assertThat(causeOf(id)).isEqualTo(WsCloseCause.SLOW_CONSUMER);
			assertThat(((DefaultWsSession) session).queuedBytes()).isZero();
			connection.resumeReading();
			assertThat(connection.awaitClose(TestClient.TIMEOUT).getCode()).isIn(1008, 1006);
			// What the TCP buffers held comes whole after the id (a burst can overflow the queue before the first
			// write, so there may be none); a frame the server cut short is not a message
			List<Object> received = connection.received();
			assertThat(received.get(0)).isEqualTo("id:" + id);
			assertThat(received.subList(1, received.size())).allMatch(chunk::equals);
		}
	}

	@Test
	void aStalledConnectionThatIsDroppedReadsNothingMore() {
		WsTestConnection connection = this.ws.connect();
		String id = connection.awaitText().substring(3);
		connection.stopReading();
		this.events.opened.get(id).send("in transit");
		// Time for the message to reach the client (its reader holds it, or the socket does)
		assertThat(connection).receivesNothingFor(Duration.ofMillis(200));
		connection.drop();
		assertThat(connection).receivesNothingFor(Duration.ofMillis(200));
		assertThat(connection.receivedCount()).isEqualTo(1);
		assertThat(connection.awaitClose().getReason()).isEqualTo("dropped by the test");
		assertThat(causeOf(id)).isEqualTo(WsCloseCause.DROPPED);
	}

	@Test
	void aStalledConnectionGetsWhatWaitedOnceItReadsAgain() {
		try (WsTestConnection connection = this.ws.connect()) {
			String id = connection.awaitText().substring(3);
			connection.stopReading();
			WsSession session = this.events.opened.get(id);
			session.send("one");
			session.send("two");
			assertThat(connection).receivesNothingFor(Duration.ofMillis(200));
			assertThat(connection.receivedCount()).isEqualTo(1);
			connection.resumeReading();
			assertThat(connection.awaitText()).isEqualTo("one");
			assertThat(connection.awaitText()).isEqualTo("two");
		}
	}

}
