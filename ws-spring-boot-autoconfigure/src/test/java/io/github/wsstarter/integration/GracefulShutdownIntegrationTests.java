package io.github.wsstarter.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCloseCause;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code server.shutdown=graceful}, stopping the application flushes what was already sent, then closes every
 * session with 1001, and every {@code @WsOnClose} runs before the context is gone.
 */
class GracefulShutdownIntegrationTests {

	@Test
	void everythingSentBeforeTheShutdownArrivesThenEverySessionIsClosedWith1001() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.run("--server.port=0", "--server.shutdown=graceful");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		TestApplication.Events events = context.getBean(TestApplication.Events.class);
		List<TestClient> clients = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			TestClient client = TestClient.connect(port, "/ws");
			ids.add(client.nextText().substring(3));
			clients.add(client);
		}
		WsBroadcaster broadcaster = context.getBean(WsBroadcaster.class);
		int messages = 2_000;
		for (int i = 0; i < messages; i++) {
			broadcaster.sendAll("m" + i + ":" + "z".repeat(100));
		}
		context.close();

		assertThat(context.isActive()).isFalse();
		for (TestClient client : clients) {
			List<String> received = client.nextTexts(messages);
			for (int i = 0; i < messages; i++) {
				assertThat(received.get(i)).startsWith("m" + i + ":");
			}
			assertThat(client.awaitClose().code()).isEqualTo(1001);
		}
		// @WsOnClose ran for every session while the context was still closing
		assertThat(events.closed).containsKeys(ids.toArray(String[]::new));
		assertThat(ids).allMatch((id) -> events.causes.get(id) == WsCloseCause.SHUTDOWN);
		assertThat(Map.copyOf(events.closed)).hasSize(20);
	}

}
