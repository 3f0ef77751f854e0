package io.github.wsstarter.integration;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ws.*} properties, as set in application.yml, reach the real server.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.path=/socket", "ws.allowed-origins=https://good.example", "ws.max-text-message-size=1KB",
				"ws.idle-timeout=1s" })
class PropertiesIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void pathMovesTheDefaultEndpoint() {
		try (TestClient client = TestClient.connect(this.port, "/socket")) {
			assertThat(client.nextText()).startsWith("id:");
		}
		assertThat(TestClient.handshakeStatus(this.port, "/ws", Map.of())).isEqualTo(404);
	}

	@Test
	void allowedOriginsAcceptListedOriginsOnly() {
		assertThat(TestClient.handshakeStatus(this.port, "/socket", Map.of("Origin", "https://good.example")))
			.isEqualTo(101);
		assertThat(TestClient.handshakeStatus(this.port, "/socket", Map.of("Origin", "https://evil.example")))
			.isEqualTo(403);
	}

	@Test
	void maxTextMessageSizeIsApplied() {
		try (TestClient client = TestClient.connect(this.port, "/socket")) {
			client.nextText();
			assertThat(client.send("x".repeat(1024)).nextText()).hasSize(1024 + 5);
			assertThat(client.send("x".repeat(1025)).awaitClose().code()).isEqualTo(1009);
		}
	}

	@Test
	void idleSessionIsClosedWith1001() {
		try (TestClient client = TestClient.connect(this.port, "/socket")) {
			client.nextText();
			// Tomcat checks for idle sessions about every 10 seconds; TestClient waits at most TIMEOUT, so wait twice
			assertThat(awaitCloseCode(client)).isEqualTo(1001);
		}
	}

	private static int awaitCloseCode(TestClient client) {
		try {
			return client.awaitClose().code();
		}
		catch (IllegalStateException timeout) {
			return client.awaitClose().code();
		}
	}

}
