package io.github.wsstarter.integration;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.wsstarter.WsSession;
import io.github.wsstarter.integration.TestClient.Close;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each event and parameter kind against the real server, with a real client.
 */
@IntegrationTest
class EventsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TestApplication.Events events;

	private final JsonMapper json = new JsonMapper();

	@Test
	void initReturnValueIsSentAndTextIsEchoedOnTheDefaultPath() {
		try (TestClient client = TestClient.connect(this.port, "/ws")) {
			assertThat(client.nextText()).startsWith("id:");
			assertThat(client.send("hello").nextText()).isEqualTo("echo:hello");
			assertThat(client.send("").nextText()).isEqualTo("echo:");
			assertThat(client.send("żółw ✓").nextText()).isEqualTo("echo:żółw ✓");
		}
	}

	@Test
	void sessionDescribesTheConnection() {
		try (TestClient client = TestClient.connect(this.port, "/ws?room=blue", Map.of("X-Test", "1"))) {
			String id = client.nextText().substring(3);
			WsSession session = this.events.opened.get(id);
			assertThat(session.id()).isEqualTo(id);
			assertThat(session.path()).isEqualTo("/ws");
			assertThat(session.uri().getPath()).isEqualTo("/ws");
			assertThat(session.uri().getQuery()).isEqualTo("room=blue");
			assertThat(session.principal()).isNull();
			InetSocketAddress remote = session.remoteAddress();
			assertThat(remote).isNotNull();
			assertThat(remote.getAddress().isLoopbackAddress()).isTrue();
			assertThat(session.openedAt()).isBeforeOrEqualTo(Instant.now());
			assertThat(session.isOpen()).isTrue();
			session.attributes().put("nick", "ann");
			assertThat(this.events.opened.get(id).attributes()).containsEntry("nick", "ann");
			try (TestClient other = TestClient.connect(this.port, "/ws")) {
				String otherId = other.nextText().substring(3);
				assertThat(this.events.opened.get(otherId).attributes()).doesNotContainKey("nick");
			}
			assertThat(session.send("direct")).isTrue();
			assertThat(client.nextText()).isEqualTo("direct");
		}
	}

	@Test
	void closeMethodReceivesTheClientsCodeOnce() throws Exception {
		TestClient client = TestClient.connect(this.port, "/ws");
		String id = client.nextText().substring(3);
		client.close();
		await().atMost(TestClient.TIMEOUT).until(() -> this.events.closed.containsKey(id));
		CloseStatus status = this.events.closed.get(id).take();
		assertThat(status.getCode()).isEqualTo(1000);
		WsSession session = this.events.opened.get(id);
		assertThat(session.isOpen()).isFalse();
		assertThat(session.send("too late")).isFalse();
		assertThat(this.events.closed.get(id).poll(200, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void droppedConnectionReachesCloseMethodWith1006() {
		TestClient client = TestClient.connect(this.port, "/ws");
		String id = client.nextText().substring(3);
		client.abort();
		await().atMost(TestClient.TIMEOUT).until(() -> this.events.closed.containsKey(id));
		assertThat(this.events.closed.get(id).peek().getCode()).isEqualTo(1006);
	}

	@Test
	void serverSideCloseSendsTheStatusToTheClient() {
		TestClient client = TestClient.connect(this.port, "/ws");
		String id = client.nextText().substring(3);
		this.events.opened.get(id).close(new CloseStatus(4000, "bye"));
		assertThat(client.awaitClose()).isEqualTo(new Close(4000, "bye"));
		await().atMost(TestClient.TIMEOUT).until(() -> this.events.closed.containsKey(id));
	}

	@Test
	void textFrameReachesStringAndWsMessageMethods() throws Exception {
		try (TestClient client = TestClient.connect(this.port, "/events")) {
			assertThat(client.nextText()).isEqualTo("welcome /events");
			client.send("hi");
			assertThat(client.nextTexts(2)).containsExactlyInAnyOrder("text:hi", "message:text:true:/events");
			assertThat(client.poll(Duration.ofMillis(200))).as("a binary method called for text").isNull();
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void binaryFrameReachesByteArrayByteBufferAndWsMessageMethods() throws Exception {
		try (TestClient client = TestClient.connect(this.port, "/events")) {
			client.nextText();
			client.sendBinary(new byte[] { 1, 2, 3 });
			Object[] replies = { client.next(), client.next(), client.next() };
			assertThat(replies).filteredOn(byte[].class::isInstance)
				.singleElement()
				.isEqualTo(new byte[] { 3, 2, 1 });
			assertThat(replies).filteredOn(String.class::isInstance)
				.containsExactlyInAnyOrder("buffer:3", "message:binary:true:/events");
			assertThat(client.poll(Duration.ofMillis(200))).as("a text method called for binary").isNull();
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void binaryReturnValueIsABinaryFrame() {
		try (TestClient client = TestClient.connect(this.port, "/binary")) {
			byte[] payload = "bytes".getBytes(StandardCharsets.UTF_8);
			assertThat(client.sendBinary(payload).nextBinary()).isEqualTo(payload);
		}
	}

	@Test
	void aPayloadTypeDeclaredByAGenericSuperclassIsReadAsTheSubclassSays() {
		try (TestClient client = TestClient.connect(this.port, "/generic")) {
			// List<Chat>: a list of records, not of maps (which describe() could not read)
			assertThat(client.send("[{\"text\":\"hi\",\"priority\":2}]").nextText()).endsWith(":hi/2");
		}
	}

	@Test
	void jsonFramesAreRoutedByTypeAndRepliesAreJson() throws Exception {
		try (TestClient client = TestClient.connect(this.port, "/json")) {
			client.send("{\"type\":\"chat\",\"text\":\"hi\",\"priority\":3}");
			JsonNode reply = this.json.readTree(client.nextText());
			assertThat(reply.get("type").asString()).isEqualTo("reply");
			assertThat(reply.get("text").asString()).isEqualTo("HI/3");

			client.send("{\"type\":\"tree\",\"value\":\"v\"}");
			assertThat(this.json.readTree(client.nextText()).get("text").asString()).isEqualTo("v");

			String raw = "{\"type\":\"raw\",\"x\":1}";
			assertThat(client.send(raw).nextText()).isEqualTo("raw:" + raw);
			String msg = "{\"type\":\"msg\"}";
			assertThat(client.send(msg).nextText()).isEqualTo("msg:" + msg.length());
		}
	}

	@Test
	void aFrameIsParsedOnceWithTheApplicationsMapperHoweverManyMethodsTakeIt(
			@Autowired TestApplication.CountingJsonMapper mapper) {
		try (TestClient client = TestClient.connect(this.port, "/parse-once")) {
			int before = mapper.treeReads.get();
			client.send("{\"type\":\"chat\",\"text\":\"t\",\"priority\":2}");
			assertThat(client.nextTexts(3)).containsExactlyInAnyOrder("tree", "typed:t", "untyped:2");
			assertThat(mapper.treeReads.get() - before).isEqualTo(1);
		}
	}

	@Test
	void methodsOfSeveralBeansOnOnePathRunInBeanOrder() throws Exception {
		try (TestClient client = TestClient.connect(this.port, "/ordered")) {
			for (int i = 0; i < 3; i++) {
				assertThat(client.send("go").nextTexts(2)).containsExactly("first", "second");
			}
		}
	}

	@Test
	void orderOnBeanMethodsOrdersTheirHandlers() {
		try (TestClient client = TestClient.connect(this.port, "/bean-ordered")) {
			assertThat(client.send("go").nextTexts(2)).containsExactly("first", "second");
		}
	}

	@Test
	void twoEndpointsSideBySideEachGetTheirOwnMessages() {
		try (TestClient ws = TestClient.connect(this.port, "/ws");
				TestClient events = TestClient.connect(this.port, "/events")) {
			ws.nextText();
			events.nextText();
			assertThat(ws.send("a").nextText()).isEqualTo("echo:a");
			assertThat(events.send("b").nextTexts(2)).contains("text:b").doesNotContain("echo:b");
		}
	}

}
