package io.github.wsstarter.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.integration.TestClient.Close;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WsBroadcaster#shutdown()}, called directly and by the closing application context. Each test starts its own
 * application, since shutting down is final.
 */
class ShutdownIntegrationTests {

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(TestApplication.class).properties("server.port=0").run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static List<TestClient> connect(int port, int count) {
		List<TestClient> clients = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			TestClient client = TestClient.connect(port, "/ws");
			client.nextText();
			clients.add(client);
		}
		return clients;
	}

	@Test
	void shutdownClosesEverySessionWith1001ThenRefusesHandshakesWith503() {
		try (ConfigurableApplicationContext context = start()) {
			int port = port(context);
			List<TestClient> clients = connect(port, 5);
			WsBroadcaster broadcaster = context.getBean(WsBroadcaster.class);
			broadcaster.shutdown();
			for (TestClient client : clients) {
				assertThat(client.awaitClose()).isEqualTo(new Close(1001, ""));
			}
			assertThat(broadcaster.isShutdown()).isTrue();
			assertThat(TestClient.handshakeStatus(port, "/ws", Map.of())).isEqualTo(503);
			assertThat(TestClient.handshakeStatus(port, "/events", Map.of())).isEqualTo(503);
			broadcaster.shutdown();
			assertThat(broadcaster.sessions()).isEmpty();
		}
	}

	@Test
	void closingTheApplicationContextClosesEverySessionWith1001() {
		List<TestClient> clients;
		try (ConfigurableApplicationContext context = start()) {
			clients = connect(port(context), 3);
		}
		for (TestClient client : clients) {
			assertThat(client.awaitClose().code()).isEqualTo(1001);
		}
	}

}
