package io.github.wsstarter.sample.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import io.github.wsstarter.test.AutoConfigureWsTestClient;
import io.github.wsstarter.test.WsTestClient;
import io.github.wsstarter.test.WsTestConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat protocol against the real server, with the starter's test kit: history, rooms, presence, nicknames and
 * bad input. Every test uses nicknames of its own, since the server is shared. {@code awaitJson("chat", ...)} waits
 * for the next message of that type while the others (presence lists, say) keep coming.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "chat.history-size=5")
@AutoConfigureWsTestClient
class ChatIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsTestClient ws;

	private static String nick(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 6);
	}

	private static List<String> texts(JsonNode history) {
		List<String> texts = new ArrayList<>();
		history.get("messages").forEach((message) -> texts.add(message.get("text").asString()));
		return texts;
	}

	/** The nicknames in a presence message that the predicate selects. */
	private static List<String> online(JsonNode presence, Predicate<JsonNode> member) {
		List<String> nicks = new ArrayList<>();
		presence.get("online").forEach((node) -> {
			if (member.test(node)) {
				nicks.add(node.get("nick").asString() + " " + node.get("room").asString());
			}
		});
		return nicks;
	}

	private static WsTestConnection join(WsTestConnection client, String nick, String room) {
		return client.send(Map.of("type", "join", "nick", nick, "room", room));
	}

	private static WsTestConnection join(WsTestConnection client, String nick, String room, String token) {
		return client.send(Map.of("type", "join", "nick", nick, "room", room, "token", token));
	}

	private static WsTestConnection say(WsTestConnection client, String text) {
		return client.send(Map.of("type", "chat", "text", text));
	}

	/** The next message of a type; the others stay for their own waits. */
	private static JsonNode next(WsTestConnection client, String type) {
		return client.awaitJson(type, JsonNode.class);
	}

	/** The next presence message that satisfies the condition; presence is resent on every change. */
	private static JsonNode awaitPresence(WsTestConnection client, Predicate<JsonNode> condition) {
		while (true) {
			JsonNode presence = next(client, "presence");
			if (condition.test(presence)) {
				return presence;
			}
		}
	}

	/** What an operator reads over HTTP while someone chats: the health with the ws indicator, and the meters. */
	@Test
	void anOperatorSeesTheChatInTheHealthAndTheMetrics() throws Exception {
		try (WsTestConnection ann = this.ws.connect()) {
			next(ann, "history");
			join(ann, nick("ann"), "#help");
			next(ann, "history");
			say(ann, "hello operators");
			next(ann, "chat");
			HttpClient http = HttpClient.newHttpClient();
			JsonMapper json = new JsonMapper();
			HttpResponse<String> health = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(health.statusCode()).isEqualTo(200);
			JsonNode ws = json.readTree(health.body()).get("components").get("ws");
			assertThat(ws.get("status").asString()).isEqualTo("UP");
			assertThat(ws.get("details").get("sessions").asInt()).isPositive();
			HttpResponse<String> received = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port
					+ "/actuator/metrics/ws.messages.received?tag=endpoint:/ws&tag=kind:text")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(received.statusCode()).isEqualTo(200);
			// ann's join and chat message at least; other tests share the server
			assertThat(json.readTree(received.body()).get("measurements").get(0).get("value").asDouble())
				.isGreaterThanOrEqualTo(2);
			assertThat(received.body()).doesNotContain("hello operators");
		}
	}

	@Test
	void newConnectionGetsTheRecentHistoryOfItsRoomFirst() {
		try (WsTestConnection ann = this.ws.connect()) {
			next(ann, "history");
			join(ann, nick("ann"), "#help");
			next(ann, "history");
			for (int i = 1; i <= 7; i++) {
				say(ann, "message " + i);
				assertThat(next(ann, "chat").get("text").asString()).isEqualTo("message " + i);
			}
			try (WsTestConnection late = this.ws.connect()) {
				JsonNode greeting = late.awaitJson(JsonNode.class);
				assertThat(greeting.get("type").asString()).isEqualTo("history");
				assertThat(greeting.get("room").asString()).isEqualTo("#general");
				assertThat(next(late, "history")).isEqualTo(greeting);
				join(late, nick("late"), "#help");
				JsonNode history = next(late, "history");
				assertThat(history.get("room").asString()).isEqualTo("#help");
				assertThat(texts(history)).containsExactly("message 3", "message 4", "message 5", "message 6",
						"message 7");
				JsonNode first = history.get("messages").get(0);
				assertThat(first.get("nick").asString()).startsWith("ann-");
				assertThat(first.get("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
			}
		}
	}

	@Test
	void messagesStayInTheirRoom() {
		try (WsTestConnection ann = this.ws.connect(); WsTestConnection bob = this.ws.connect()) {
			next(join(ann, nick("ann"), "#general"), "join");
			next(join(bob, nick("bob"), "#random"), "join");
			say(ann, "only for general");
			say(ann, "barrier");
			// Ann's messages are handled one after the other: once she has her second, the first went wherever it went
			assertThat(next(ann, "chat").get("text").asString()).isEqualTo("only for general");
			assertThat(next(ann, "chat").get("text").asString()).isEqualTo("barrier");
			say(bob, "in random");
			// Bob's queue is first in, first out: had Ann's message reached him, it would come before his own
			JsonNode first = next(bob, "chat");
			assertThat(first.get("text").asString()).isEqualTo("in random");
			assertThat(first.get("room").asString()).isEqualTo("#random");
		}
	}

	@Test
	void presenceListsEverybodyOnlineWithTheirRoom() {
		String ann = nick("ann");
		String bob = nick("bob");
		Predicate<JsonNode> ours = (member) -> member.get("nick").asString().equals(ann)
				|| member.get("nick").asString().equals(bob);
		try (WsTestConnection annClient = this.ws.connect()) {
			join(annClient, ann, "#random");
			assertThat(online(awaitPresence(annClient, (p) -> !online(p, ours).isEmpty()), ours))
				.containsExactly(ann + " #random");
			try (WsTestConnection bobClient = this.ws.connect()) {
				join(bobClient, bob, "#help");
				assertThat(online(awaitPresence(annClient, (p) -> online(p, ours).size() == 2), ours))
					.containsExactlyInAnyOrder(ann + " #random", bob + " #help");
				assertThat(next(annClient, "join").get("nick").asString()).isEqualTo(ann);
			}
			assertThat(online(awaitPresence(annClient, (p) -> online(p, ours).size() == 1), ours))
				.containsExactly(ann + " #random");
		}
	}

	@Test
	void aNicknameIsFreeAgainOnceItsHolderHasLeft() {
		String name = nick("ann");
		try (WsTestConnection first = this.ws.connect()) {
			next(join(first, name, "#general"), "join");
			try (WsTestConnection second = this.ws.connect()) {
				assertError(join(second, name, "#general"), "Nickname '" + name + "' is taken");
				first.close();
				assertThat(first.awaitClose().getCode()).isEqualTo(1000);
				awaitJoined(second, name);
			}
		}
	}

	/** Retry the join until the server has seen the old holder leave. */
	private static void awaitJoined(WsTestConnection client, String name) {
		for (int attempt = 0; attempt < 50; attempt++) {
			join(client, name, "#general");
			JsonNode answer = client.awaitJson(JsonNode.class);
			while (!answer.get("type").asString().equals("error") && !answer.get("type").asString().equals("join")) {
				answer = client.awaitJson(JsonNode.class);
			}
			if (answer.get("type").asString().equals("join")) {
				assertThat(answer.get("nick").asString()).isEqualTo(name);
				return;
			}
		}
		throw new AssertionError(name + " never became free");
	}

	@Test
	void aTabThatReconnectsTakesItsNicknameBackFromItsOldConnection() {
		String name = nick("ann");
		String token = UUID.randomUUID().toString();
		try (WsTestConnection old = this.ws.connect(); WsTestConnection stranger = this.ws.connect()) {
			next(join(old, name, "#general", token), "join");
			assertError(join(stranger, name, "#general", "another tab"), "Nickname '" + name + "' is taken");
			try (WsTestConnection reconnected = this.ws.connect()) {
				join(reconnected, name, "#general", token);
				assertThat(next(reconnected, "join").get("nick").asString()).isEqualTo(name);
				assertThat(old.awaitClose().getCode()).isEqualTo(1000);
			}
		}
	}

	@Test
	void badInputIsRefusedToThatClientOnlyAndTheConnectionStays() {
		String ann = nick("ann");
		try (WsTestConnection client = this.ws.connect(); WsTestConnection other = this.ws.connect()) {
			next(join(other, nick("other"), "#general"), "join");
			assertError(say(client, "hello"), "Choose a nickname and a room before you chat");
			assertError(join(client, "   ", "#general"), "Nickname is empty");
			assertError(join(client, "x".repeat(21), "#general"), "Nickname is longer than 20 characters");
			assertError(join(client, "bad\u0007nick", "#general"), "Nickname has invisible or control characters");
			assertError(join(client, "ann\u200Bie", "#general"), "Nickname has invisible or control characters");
			assertError(join(client, ann, "#nowhere"), "No such room; the rooms are #general, #random, #help");
			assertError(client.send("not json"), "Unreadable message: send JSON with a type of 'join' or 'chat'");
			assertError(client.send("{\"type\":\"dance\"}"), "Unreadable message");

			next(join(client, ann, "#general"), "join");
			assertError(say(client, "   "), "Message is empty");
			assertError(say(client, "x".repeat(501)), "Message is longer than 500 characters");
			assertError(join(client, nick("bob"), "#general"), "You are " + ann + " on this connection");
			try (WsTestConnection copycat = this.ws.connect()) {
				assertError(join(copycat, ann.toUpperCase(), "#general"),
						"Nickname '" + ann.toUpperCase() + "' is taken");
			}
			say(client, "x".repeat(500));
			assertThat(next(client, "chat").get("text").asString()).hasSize(500);
			assertThat(client.isOpen()).isTrue();
			// The other client got the chat message and none of the errors: they went to the sender only
			say(other, "done");
			assertThat(next(other, "chat").get("text").asString()).hasSize(500);
			assertThat(next(other, "chat").get("text").asString()).isEqualTo("done");
			assertThat(other.received()).noneMatch((message) -> message.toString().contains("\"type\":\"error\""));
		}
	}

	@Test
	void thePageCanPingTheServer() {
		try (WsTestConnection client = this.ws.connect()) {
			client.send("{\"type\":\"ping\"}");
			assertThat(next(client, "pong")).isNotNull();
		}
	}

	private static void assertError(WsTestConnection client, String message) {
		assertThat(next(client, "error").get("message").asString()).startsWith(message);
	}

}
