package io.github.wsstarter.sample.chat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short conversation on a fresh server, photographed for the README ({@code target/screenshots/chat.png}).
 */
class ChatScreenshotBrowserTests {

	@BeforeAll
	static void browserIsInstalled() {
		Browser.assumeInstalled();
	}

	@Test
	void aConversationAsANewUserSeesIt() throws Exception {
		try (ConfigurableApplicationContext server = new SpringApplicationBuilder(ChatApplication.class)
			.run("--server.port=0")) {
			int port = ((WebServerApplicationContext) server).getWebServer().getPort();
			try (Browser chloe = Browser.open(port).enter("Chloe");
					Browser ann = Browser.open(port).enter("Ann");
					Browser bob = Browser.open(port).enter("Bob")) {
				chloe.switchRoom("#random");
				ann.say("Morning all! Who is up for lunch at noon?").awaitText("messages", "lunch at noon");
				bob.say("Count me in. The new ramen place?").awaitText("messages", "ramen");
				ann.say("Perfect, see you at 12 by the door.").awaitText("messages", "by the door");
				bob.awaitText("messages", "by the door").awaitText("online", "Chloe");
				Path shot = bob.screenshot("chat.png");
				assertThat(Files.size(shot)).isGreaterThan(10_000);
				assertThat(bob.text("online")).contains("Ann#general").contains("Bob#general").contains("Chloe#random");
			}
		}
	}

}
