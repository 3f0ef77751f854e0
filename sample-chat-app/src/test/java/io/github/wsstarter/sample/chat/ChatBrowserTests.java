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
			assertThat(annPage.text("online")).contains(ann + "#general").contains(bob + "#general");
			assertThat(Files.size(annPage.screenshot("two-users.png"))).isGreaterThan(10_000);
		}
	}

	@Test
	void aLateJoinerSeesTheHistoryOfTheRoomItEnters() throws Exception {
		// In #random: the page shows the #general history on connecting, so only the join brings this one
		String early = "Said before " + UUID.randomUUID();
		try (Browser first = Browser.open(this.port).enter(nick("early"))) {
			first.switchRoom("#random");
			first.say(early).awaitText("messages", early);
		}
		try (Browser late = Browser.open(this.port)) {
			late.enter(nick("late"));
			assertThat(late.text("messages")).doesNotContain(early);
			late.switchRoom("#random").awaitText("messages", early);
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
	void aTakenNicknameIsRefusedAndThePageAsksAgain() throws Exception {
		String taken = nick("dup");
		try (Browser first = Browser.open(this.port).enter(taken); Browser second = Browser.open(this.port)) {
			second.submitNick(taken).awaitText("nick-error", "Nickname '" + taken + "' is taken");
			String other = nick("other");
			second.enter(other).say("I picked another name").awaitText("messages", "I picked another name");
			first.awaitText("messages", "I picked another name");
		}
	}

}
