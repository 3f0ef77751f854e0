package io.github.wsstarter.sample.chat;

import java.util.Map;

import io.github.wsstarter.test.AutoConfigureWsTestClient;
import io.github.wsstarter.test.WsTestClient;
import io.github.wsstarter.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How an application tests its own WebSocket handler with the starter's test kit: a real server on a random port, a
 * {@link WsTestClient} injected for it, and a few lines per test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWsTestClient
class ChatHandlerTests {

	@Autowired
	WsTestClient ws;

	@Test
	void whatAUserSaysReachesTheirRoom() {
		try (WsTestConnection ann = this.ws.connect(); WsTestConnection bob = this.ws.connect()) {
			ann.send(Map.of("type", "join", "nick", "ann-h1", "room", "#random"));
			ann.awaitJson("join", ChatProtocol.Joined.class);
			bob.send(Map.of("type", "join", "nick", "bob-h1", "room", "#random"));
			// Each connection sees its own join once it is in the room
			assertThat(bob.awaitJson("join", ChatProtocol.Joined.class).nick()).isEqualTo("bob-h1");
			ann.send(Map.of("type", "chat", "text", "hello"));

			ChatProtocol.Chat chat = bob.awaitJson("chat", ChatProtocol.Chat.class);
			assertThat(chat.nick()).isEqualTo("ann-h1");
			assertThat(chat.text()).isEqualTo("hello");
			assertThat(chat.room()).isEqualTo("#random");
		}
	}

	@Test
	void aBadMessageGetsAnErrorAndTheConnectionStays() {
		try (WsTestConnection ann = this.ws.connect()) {
			ann.send(Map.of("type", "chat", "text", "before joining"));
			assertThat(ann.awaitJson("error", ChatProtocol.ErrorMessage.class).message())
				.startsWith("Choose a nickname and a room");
			assertThat(ann.isOpen()).isTrue();
		}
	}

	@Test
	void aUserWhoseConnectionDropsLeavesTheRoom() {
		try (WsTestConnection ann = this.ws.connect(); WsTestConnection bob = this.ws.connect()) {
			ann.send(Map.of("type", "join", "nick", "ann-h3", "room", "#help"));
			ann.awaitJson("join", ChatProtocol.Joined.class);
			bob.send(Map.of("type", "join", "nick", "bob-h3", "room", "#help"));
			assertThat(bob.awaitJson("join", ChatProtocol.Joined.class).nick()).isEqualTo("bob-h3");
			// No close frame: a lost network, a killed browser
			ann.drop();
			assertThat(bob.awaitJson("leave", ChatProtocol.Left.class).nick()).isEqualTo("ann-h3");
		}
	}

	@Test
	void pagesOfOtherSitesCannotConnect() {
		assertThat(this.ws.origin("https://evil.example").expectRefused("/ws")).isEqualTo(403);
	}

}
