package io.github.wsstarter.integration;

import java.util.Map;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ws.*} properties, as set in application.yml, reach the real server.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.path=/socket", "ws.allowed-origins=https://good.example", "ws.max-text-message-size=1KB",
				"ws.socket-buffer-size=2KB" })
@Import(PropertiesIntegrationTests.ConnectorConfiguration.class)
class PropertiesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void socketBufferSizeReachesTheConnector() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("2048");
		// The application's own connector customizer runs after the starter's
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("3072");
		try (TestClient client = TestClient.connect(this.port, "/socket")) {
			client.nextText();
			String large = "x".repeat(1000);
			assertThat(client.send(large).nextText()).isEqualTo("echo:" + large);
		}
	}

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

	@TestConfiguration(proxyBeanMethods = false)
	static class ConnectorConfiguration {

		@Bean
		TomcatConnectorCustomizer writeBuffer() {
			return (connector) -> connector.setProperty("socket.appWriteBufSize", "3072");
		}

	}

}
