package io.github.wsstarter.sample.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat protocol against the real server, with WebSocket clients: history, rooms, presence, nicknames and bad
 * input. Every test uses nicknames of its own, since the server is shared.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "chat.history-size=5")
class ChatIntegrationTests {

	@LocalServerPort
	int port;

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

	/** The next presence message that satisfies the condition; presence is resent on every change. */
	private static JsonNode awaitPresence(ChatClient client, Predicate<JsonNode> condition) throws InterruptedException {
		while (true) {
			JsonNode presence = client.next("presence");
			if (condition.test(presence)) {
				return presence;
			}
		}
	}

	/** What an operator reads over HTTP while someone chats: the health with the ws indicator, and the meters. */
	@Test
	void anOperatorSeesTheChatInTheHealthAndTheMetrics() throws Exception {
		try (ChatClient ann = new ChatClient(this.port)) {
			ann.next("history");
			ann.join(nick("ann"), "#help");
			ann.next("history");
			ann.say("hello operators");
			ann.next("chat");
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
	void newConnectionGetsTheRecentHistoryOfItsRoomFirst() throws Exception {
		try (ChatClient ann = new ChatClient(this.port)) {
			ann.next("history");
			ann.join(nick("ann"), "#help");
			ann.next("history");
			for (int i = 1; i <= 7; i++) {
				ann.say("message " + i);
				assertThat(ann.next("chat").get("text").asString()).isEqualTo("message " + i);
			}
			try (ChatClient late = new ChatClient(this.port)) {
				JsonNode greeting = late.next();
				assertThat(greeting.get("type").asString()).isEqualTo("history");
				assertThat(greeting.get("room").asString()).isEqualTo("#general");
				assertThat(late.next("history")).isSameAs(greeting);
				late.join(nick("late"), "#help");
				JsonNode history = late.next("history");
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
	void messagesStayInTheirRoom() throws Exception {
		try (ChatClient ann = new ChatClient(this.port); ChatClient bob = new ChatClient(this.port)) {
			ann.join(nick("ann"), "#general").next("join");
			bob.join(nick("bob"), "#random").next("join");
			ann.say("only for general");
			ann.say("barrier");
			// Ann's messages are handled one after the other: once she has her second, the first went wherever it went
			assertThat(ann.next("chat").get("text").asString()).isEqualTo("only for general");
			assertThat(ann.next("chat").get("text").asString()).isEqualTo("barrier");
			bob.say("in random");
			// Bob's queue is first in, first out: had Ann's message reached him, it would come before his own
			JsonNode first = bob.next("chat");
			assertThat(first.get("text").asString()).isEqualTo("in random");
			assertThat(first.get("room").asString()).isEqualTo("#random");
		}
	}

	@Test
	void presenceListsEverybodyOnlineWithTheirRoom() throws Exception {
		String ann = nick("ann");
		String bob = nick("bob");
		Predicate<JsonNode> ours = (member) -> member.get("nick").asString().equals(ann)
				|| member.get("nick").asString().equals(bob);
		try (ChatClient annClient = new ChatClient(this.port)) {
			annClient.join(ann, "#random");
			assertThat(online(awaitPresence(annClient, (p) -> !online(p, ours).isEmpty()), ours))
				.containsExactly(ann + " #random");
			try (ChatClient bobClient = new ChatClient(this.port)) {
				bobClient.join(bob, "#help");
				assertThat(online(awaitPresence(annClient, (p) -> online(p, ours).size() == 2), ours))
					.containsExactlyInAnyOrder(ann + " #random", bob + " #help");
				assertThat(annClient.next("join").get("nick").asString()).isEqualTo(ann);
			}
			assertThat(online(awaitPresence(annClient, (p) -> online(p, ours).size() == 1), ours))
				.containsExactly(ann + " #random");
		}
	}

	@Test
	void aNicknameIsFreeAgainOnceItsHolderHasLeft() throws Exception {
		String name = nick("ann");
		try (ChatClient first = new ChatClient(this.port)) {
			first.join(name, "#general").next("join");
			try (ChatClient second = new ChatClient(this.port)) {
				assertError(second.join(name, "#general"), "Nickname '" + name + "' is taken");
				first.close();
				assertThat(first.awaitClose()).isEqualTo(1000);
				awaitJoined(second, name);
			}
		}
	}

	/** Retry the join until the server has seen the old holder leave. */
	private static void awaitJoined(ChatClient client, String name) throws Exception {
		for (int attempt = 0; attempt < 50; attempt++) {
			client.join(name, "#general");
			JsonNode answer = client.next();
			while (!answer.get("type").asString().equals("error") && !answer.get("type").asString().equals("join")) {
				answer = client.next();
			}
			if (answer.get("type").asString().equals("join")) {
				assertThat(answer.get("nick").asString()).isEqualTo(name);
				return;
			}
		}
		throw new AssertionError(name + " never became free");
	}

	@Test
	void aTabThatReconnectsTakesItsNicknameBackFromItsOldConnection() throws Exception {
		String name = nick("ann");
		String token = UUID.randomUUID().toString();
		try (ChatClient old = new ChatClient(this.port); ChatClient stranger = new ChatClient(this.port)) {
			old.join(name, "#general", token).next("join");
			assertError(stranger.join(name, "#general", "another tab"), "Nickname '" + name + "' is taken");
			try (ChatClient reconnected = new ChatClient(this.port)) {
				reconnected.join(name, "#general", token);
				assertThat(reconnected.next("join").get("nick").asString()).isEqualTo(name);
				assertThat(old.awaitClose()).isEqualTo(1000);
			}
		}
	}

	@Test
	void badInputIsRefusedToThatClientOnlyAndTheConnectionStays() throws Exception {
		String ann = nick("ann");
		try (ChatClient client = new ChatClient(this.port); ChatClient other = new ChatClient(this.port)) {
			other.join(nick("other"), "#general").next("join");
			assertError(client.say("hello"), "Choose a nickname and a room before you chat");
			assertError(client.join("   ", "#general"), "Nickname is empty");
			assertError(client.join("x".repeat(21), "#general"), "Nickname is longer than 20 characters");
			assertError(client.join("bad\u0007nick", "#general"), "Nickname has invisible or control characters");
			assertError(client.join("ann\u200Bie", "#general"), "Nickname has invisible or control characters");
			assertError(client.join(ann, "#nowhere"), "No such room; the rooms are #general, #random, #help");
			assertError(client.send("not json"), "Unreadable message: send JSON with a type of 'join' or 'chat'");
			assertError(client.send("{\"type\":\"dance\"}"), "Unreadable message");

			client.join(ann, "#general").next("join");
			assertError(client.say("   "), "Message is empty");
			assertError(client.say("x".repeat(501)), "Message is longer than 500 characters");
			assertError(client.join(nick("bob"), "#general"), "You are " + ann + " on this connection");
			try (ChatClient copycat = new ChatClient(this.port)) {
				assertError(copycat.join(ann.toUpperCase(), "#general"),
						"Nickname '" + ann.toUpperCase() + "' is taken");
			}
			client.say("x".repeat(500));
			assertThat(client.next("chat").get("text").asString()).hasSize(500);
			assertThat(client.isOpen()).isTrue();
			// The other client got the chat message and none of the errors: they went to the sender only
			other.say("done");
			assertThat(other.next("chat").get("text").asString()).hasSize(500);
			assertThat(other.next("chat").get("text").asString()).isEqualTo("done");
			assertThat(other.poll("error", java.time.Duration.ZERO)).isNull();
		}
	}

	@Test
	void thePageCanPingTheServer() throws Exception {
		try (ChatClient client = new ChatClient(this.port)) {
			client.send("{\"type\":\"ping\"}");
			assertThat(client.next("pong")).isNotNull();
		}
	}

	private static void assertError(ChatClient client, String message) throws InterruptedException {
		assertThat(client.next("error").get("message").asString()).startsWith(message);
	}

}
