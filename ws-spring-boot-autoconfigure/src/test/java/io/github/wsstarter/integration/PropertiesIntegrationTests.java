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
		properties = { "ws.path=/socket", "ws.allowed-origins=https://good.example", "ws.max-text-message-size=1KB" })
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

}
