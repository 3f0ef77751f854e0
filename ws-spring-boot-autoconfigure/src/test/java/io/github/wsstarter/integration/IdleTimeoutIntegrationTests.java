package io.github.wsstarter.integration;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.test.AutoConfigureWsTestClient;
import io.github.wsstarter.test.WsTestClient;
import io.github.wsstarter.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ws.idle-timeout} closes a silent session, even though heartbeat pings and pongs keep flowing; a server of its
 * own, so that no other test can idle into it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.idle-timeout=1s", "ws.heartbeat.interval=200ms" })
@AutoConfigureWsTestClient
class IdleTimeoutIntegrationTests {

	@Autowired
	WsTestClient ws;

	@Autowired
	TestApplication.Events events;

	@Test
	void idleSessionIsClosedWith1001() {
		try (WsTestConnection connection = this.ws.connect()) {
			String id = connection.awaitText().substring(3);
			assertThat(connection).closesWith(1001, "idle timeout");
			await().atMost(TestClient.TIMEOUT).until(() -> this.events.closed.containsKey(id));
			assertThat(this.events.causes.get(id)).isEqualTo(WsCloseCause.IDLE_TIMEOUT);
			assertThat(this.events.pongCounts.get(id)).as("pongs while idle").hasPositiveValue();
		}
	}

}
