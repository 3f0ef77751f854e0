package io.github.wsstarter.integration;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;
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
 * A session's callbacks never overlap, and {@code @WsOnClose} comes last: when the server closes a session while one
 * of its messages is still in its method ({@code session.close()} from another thread, or a slow consumer), the client
 * sees the close at once, but {@code @WsOnClose} runs only after the message method has returned, and on one of the
 * starter's callback threads ({@code ws-callback-}), not on an I/O thread. A server of its own with a send buffer
 * limit of 64KB and small socket send buffers, so that a client that stops reading is a slow consumer quickly.
 */
@SpringBootTest(classes = { CallbackApplication.class, SlowConsumerIntegrationTests.SmallSocketBuffers.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ws.send-buffer-size-limit=64KB")
class CallbackOrderIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsBroadcaster broadcaster;

	@Autowired
	Blocking blocking;

	@AfterEach
	void releaseHeldMessages() {
		this.blocking.releaseAll();
		await().atMost(TestClient.TIMEOUT).until(this.blocking::allClosed);
	}

	@Test
	void onCloseAfterSessionCloseFromAnotherThreadWaitsForTheMessageInFlight() throws Exception {
		try (TestClient client = TestClient.connect(this.port, "/ws")) {
			String id = client.nextText().substring(3);
			client.send("block");
			Track track = this.blocking.awaitBlocked(id);
			this.broadcaster.session(id).orElseThrow().close();
			assertThat(client.awaitClose().code()).isEqualTo(1000);
			assertThat(track.closed).as("@WsOnClose while the message is held").isNotDone();
			track.release();
			this.blocking.assertClosedAfterTheMessage(id, WsCloseCause.SERVER_CLOSED, 1000);
		}
	}

	@Test
	void onCloseOfASlowConsumerWaitsForTheMessageInFlight() throws Exception {
		try (RawClient client = RawClient.connect(this.port, "/ws", "127.0.0.1", 4096)) {
			String id = client.readFrame().text().substring(3);
			client.sendText("block");
			Track track = this.blocking.awaitBlocked(id);
			WsSession session = this.broadcaster.session(id).orElseThrow();
			// The client reads nothing now: 16 KB messages until the session is closed (send returns false), 32 MB at
			// most, far beyond the 64 KB that may wait
			String chunk = "s".repeat(16 * 1024);
			for (int i = 0; i < 2_000 && session.send(chunk); i++) {
				assertThat(track.closed).as("@WsOnClose while the message is held").isNotDone();
			}
			// Read what reached the socket, then the close frame or the end of the connection
			client.awaitCloseOrEnd(TestClient.TIMEOUT);
			assertThat(track.closed).as("@WsOnClose while the message is held").isNotDone();
			track.release();
			this.blocking.assertClosedAfterTheMessage(id, WsCloseCause.SLOW_CONSUMER, 1008);
		}
	}

}
