package io.github.wsstarter.sample.chat;

import java.nio.file.Files;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page in real headless Chromium browsers against the real server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChatBrowserTests {

	@LocalServerPort
	int port;

	@BeforeAll
	static void browserIsInstalled() {
		Browser.assumeInstalled();
	}

	private static String nick(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 4);
	}

	@Test
	void whatOneUserTypesTheOtherSeesWithTheSenderAndWhoIsOnline() throws Exception {
		String ann = nick("ann");
		String bob = nick("bob");
		try (Browser annPage = Browser.open(this.port).enter(ann); Browser bobPage = Browser.open(this.port).enter(bob)) {
			annPage.awaitText("online", bob);
			annPage.awaitText("messages", bob + " joined #general");
			annPage.say("Hello " + bob + ", how is the weather?");
			bobPage.awaitText("messages", "Hello " + bob + ", how is the weather?");
			assertThat(bobPage.text("messages")).contains(ann + "Hello " + bob);
			bobPage.say("Sunny, thanks!");
			annPage.awaitText("messages", "Sunny, thanks!");
			assertThat(bobPage.text("status")).isEqualTo("Connected");
			assertThat(Files.size(annPage.screenshot("chat.png"))).isGreaterThan(10_000);
		}
	}

	@Test
	void aLateJoinerSeesTheHistoryFirst() throws Exception {
		String early = "Said before " + UUID.randomUUID();
		try (Browser first = Browser.open(this.port).enter(nick("early"))) {
			first.say(early).awaitText("messages", early);
		}
		try (Browser late = Browser.open(this.port)) {
			late.enter(nick("late")).awaitText("messages", early);
		}
	}

	@Test
	void roomsKeepTheirMessagesApart() throws Exception {
		String secret = "Only in #random " + UUID.randomUUID();
		try (Browser general = Browser.open(this.port).enter(nick("gen"));
				Browser random = Browser.open(this.port).enter(nick("rnd"))) {
			random.switchRoom("#random");
			random.say(secret).awaitText("messages", secret);
			general.say("marker").awaitText("messages", "marker");
			assertThat(general.text("messages")).doesNotContain(secret);
		}
	}

	@Test
	void badInputShowsAnErrorAndTheChatGoesOn() throws Exception {
		try (Browser page = Browser.open(this.port).enter(nick("long"))) {
			page.say("x".repeat(501)).awaitText("error", "Message is longer than 500 characters");
			page.say("short again").awaitText("messages", "short again");
			assertThat(page.text("status")).isEqualTo("Connected");
		}
	}

}
