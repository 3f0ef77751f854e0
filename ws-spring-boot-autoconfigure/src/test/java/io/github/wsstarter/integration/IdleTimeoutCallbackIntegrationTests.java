package io.github.wsstarter.integration;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.integration.CallbackApplication.Blocking;
import io.github.wsstarter.integration.CallbackApplication.Track;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An idle timeout closes the session (1001 {@code idle timeout}) while a message is still in its method, and
 * {@code @WsOnClose} runs after that method has returned, alone, on a {@code ws-callback-} thread. A server of its own
 * with {@code ws.idle-timeout=2s}, so that no other test idles into it.
 */
@SpringBootTest(classes = CallbackApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ws.idle-timeout=2s")
class IdleTimeoutCallbackIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Blocking blocking;

	@AfterEach
	void releaseHeldMessages() {
		this.blocking.releaseAll();
		await().atMost(TestClient.TIMEOUT).until(this.blocking::allClosed);
	}

	@Test
	void onCloseAfterAnIdleTimeoutWaitsForTheMessageInFlight() throws Exception {
		try (TestClient client = TestClient.connect(this.port, "/ws")) {
			String id = client.nextText().substring(3);
			client.send("block");
			Track track = this.blocking.awaitBlocked(id);
			assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1001, "idle timeout"));
			assertThat(track.closed).as("@WsOnClose while the message is held").isNotDone();
			track.release();
			this.blocking.assertClosedAfterTheMessage(id, WsCloseCause.IDLE_TIMEOUT, 1001);
		}
	}

}
