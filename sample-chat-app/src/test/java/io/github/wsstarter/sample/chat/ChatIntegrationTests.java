package io.github.wsstarter.sample.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat protocol against the real server, with WebSocket clients: history, rooms, presence and bad input.
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
		String bobNick = nick("bob");
		try (ChatClient ann = new ChatClient(this.port); ChatClient bob = new ChatClient(this.port)) {
			ann.next("history");
			bob.next("history");
			ann.join(nick("ann"), "#general").next("history");
			bob.join(bobNick, "#random").next("history");
			ann.say("only for general");
			assertThat(ann.next("chat").get("room").asString()).isEqualTo("#general");
			assertThat(bob.poll("chat", Duration.ofMillis(500))).isNull();

			bob.join(bobNick, "#general");
			JsonNode history = bob.next("history");
			assertThat(texts(history)).contains("only for general");
			ann.say("now both");
			assertThat(bob.next("chat").get("text").asString()).isEqualTo("now both");
		}
	}

	@Test
	void presenceListsWhoIsInTheRoomAndHowManyAreOnline() throws Exception {
		String ann = nick("ann");
		String bob = nick("bob");
		try (ChatClient annClient = new ChatClient(this.port)) {
			annClient.next("history");
			annClient.join(ann, "#random");
			assertThat(presenceFor(annClient, "#random").get("nicks")).extracting(JsonNode::asString).contains(ann);
			ChatClient bobClient = new ChatClient(this.port);
			bobClient.join(bob, "#random");
			JsonNode both = awaitPresence(annClient, (nicks) -> nicks.contains(bob));
			assertThat(both.get("nicks")).extracting(JsonNode::asString).contains(ann, bob);
			assertThat(both.get("online").asInt()).isGreaterThanOrEqualTo(2);
			assertThat(annClient.next("join").get("nick").asString()).isEqualTo(ann);
			assertThat(annClient.next("join").get("nick").asString()).isEqualTo(bob);

			bobClient.close();
			JsonNode after = awaitPresence(annClient, (nicks) -> !nicks.contains(bob));
			assertThat(after.get("nicks")).extracting(JsonNode::asString).contains(ann).doesNotContain(bob);
		}
	}

	private static JsonNode presenceFor(ChatClient client, String room) throws InterruptedException {
		while (true) {
			JsonNode presence = client.next("presence");
			if (presence.get("room").asString().equals(room)) {
				return presence;
			}
		}
	}

	private static JsonNode awaitPresence(ChatClient client, java.util.function.Predicate<List<String>> condition)
			throws InterruptedException {
		while (true) {
			JsonNode presence = client.next("presence");
			List<String> nicks = new ArrayList<>();
			presence.get("nicks").forEach((nick) -> nicks.add(nick.asString()));
			if (condition.test(nicks)) {
				return presence;
			}
		}
	}

	@Test
	void badInputIsRefusedToThatClientOnlyAndTheConnectionStays() throws Exception {
		String ann = nick("ann");
		try (ChatClient client = new ChatClient(this.port); ChatClient other = new ChatClient(this.port)) {
			other.next("history");
			other.join(nick("other"), "#general").next("history");
			assertError(client.say("hello"), "Choose a nickname and a room before you chat");
			assertError(client.join("   ", "#general"), "Nickname is empty");
			assertError(client.join("x".repeat(21), "#general"), "Nickname is longer than 20 characters");
			assertError(client.join("bad\u0007nick", "#general"), "Nickname has control characters");
			assertError(client.join(ann, "#nowhere"), "No such room; the rooms are #general, #random, #help");
			assertError(client.send("not json"), "Unreadable message: send JSON with a type of 'join' or 'chat'");
			assertError(client.send("{\"type\":\"dance\"}"), "Unreadable message");

			client.next("history");
			client.join(ann, "#general").next("history");
			assertError(client.say("   "), "Message is empty");
			assertError(client.say("x".repeat(501)), "Message is longer than 500 characters");
			try (ChatClient copycat = new ChatClient(this.port)) {
				assertError(copycat.join(ann.toUpperCase(), "#general"), "Nickname '" + ann.toUpperCase() + "' is taken");
			}
			assertThat(other.poll("error", Duration.ofMillis(300))).isNull();

			assertThat(client.isOpen()).isTrue();
			client.say("x".repeat(500));
			assertThat(client.next("chat").get("text").asString()).hasSize(500);
		}
	}

	private static void assertError(ChatClient client, String message) throws InterruptedException {
		assertThat(client.next("error").get("message").asString()).startsWith(message);
	}

}
