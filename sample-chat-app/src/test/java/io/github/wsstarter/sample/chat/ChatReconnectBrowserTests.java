package io.github.wsstarter.sample.chat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page says when it is disconnected, and reconnects by itself when the server is back: the application is
 * stopped and started again on the same port under a real browser.
 */
class ChatReconnectBrowserTests {

	@BeforeAll
	static void browserIsInstalled() {
		Browser.assumeInstalled();
	}

	private static ConfigurableApplicationContext start(int port) {
		// A command-line argument, since application.yml's server.port would override a default property
		return new SpringApplicationBuilder(ChatApplication.class).run("--server.port=" + port);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void pageShowsTheDisconnectionAndRejoinsWhenTheServerIsBack() throws Exception {
		int port = freePort();
		ConfigurableApplicationContext server = start(port);
		try (Browser page = Browser.open(port).enter("phoenix")) {
			page.awaitText("status", "Connected");
			server.close();
			page.awaitText("status", "Disconnected, reconnecting in");
			page.screenshot("disconnected.png");
			assertThat(page.text("messages")).contains("phoenix joined #general");

			server = start(port);
			// The page retries with a backoff of at most 10 seconds
			page.awaitText("status", "Connected", Duration.ofSeconds(30));
			page.awaitText("online", "phoenix");
			page.say("back again").awaitText("messages", "back again");
		}
		finally {
			server.close();
		}
	}

}
