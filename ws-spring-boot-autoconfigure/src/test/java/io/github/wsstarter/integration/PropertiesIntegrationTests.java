package io.github.wsstarter.integration;

import io.github.wsstarter.test.AutoConfigureWsTestClient;
import io.github.wsstarter.test.WsTestClient;
import io.github.wsstarter.test.WsTestConnection;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
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
@AutoConfigureWsTestClient
class PropertiesIntegrationTests {

	/** Bound to this server, and to ws.path: connect() opens /socket. */
	@Autowired
	WsTestClient ws;

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void socketBufferSizeReachesTheConnector() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("2048");
		// The application's own connector customizer runs after the starter's
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("3072");
		try (WsTestConnection connection = this.ws.connect()) {
			connection.awaitText();
			String large = "x".repeat(1000);
			assertThat(connection.send(large)).receivesText("echo:" + large);
		}
	}

	@Test
	void pathMovesTheDefaultEndpoint() {
		try (WsTestConnection connection = this.ws.connect("/socket")) {
			assertThat(connection.awaitText()).startsWith("id:");
		}
		assertThat(this.ws.expectRefused("/ws")).isEqualTo(404);
	}

	@Test
	void allowedOriginsAcceptListedOriginsOnly() {
		try (WsTestConnection connection = this.ws.origin("https://good.example").connect()) {
			assertThat(connection.awaitText()).startsWith("id:");
		}
		assertThat(this.ws.origin("https://evil.example").expectRefused("/socket")).isEqualTo(403);
		try (WsTestConnection connection = this.ws.connect("/socket", java.util.Map.of("Origin", "https://good.example"))) {
			assertThat(connection.awaitText()).startsWith("id:");
		}
	}

	@Test
	void maxTextMessageSizeIsApplied() {
		try (WsTestConnection connection = this.ws.connect()) {
			connection.awaitText();
			assertThat(connection.send("x".repeat(1024)).awaitText()).hasSize(1024 + 5);
			assertThat(connection.send("x".repeat(1025))).closesWith(1009);
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
