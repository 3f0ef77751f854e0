package io.github.wsstarter.integration;

import io.github.wsstarter.WsCloseCause;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ws.idle-timeout} closes a silent session, even though heartbeat pings and pongs keep flowing; a server of its
 * own, so that no other test can idle into it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.idle-timeout=1s", "ws.heartbeat.interval=200ms" })
class IdleTimeoutIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TestApplication.Events events;

	@Test
	void idleSessionIsClosedWith1001() {
		try (TestClient client = TestClient.connect(this.port, "/ws")) {
			String id = client.nextText().substring(3);
			assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1001, "idle timeout"));
			await().atMost(TestClient.TIMEOUT).until(() -> this.events.closed.containsKey(id));
			assertThat(this.events.causes.get(id)).isEqualTo(WsCloseCause.IDLE_TIMEOUT);
			assertThat(this.events.pongCounts.get(id)).as("pongs while idle").hasPositiveValue();
		}
	}

}
