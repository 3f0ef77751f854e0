package io.github.wsstarter.integration;

import java.time.Duration;
import java.util.Objects;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.integration.CallbackApplication.Blocking;
import io.github.wsstarter.integration.CallbackApplication.Closed;
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
 * A heartbeat timeout ends the connection at once: a client that never answers pings sees its TCP connection end
 * within interval + timeout + 2 s of its last read, {@code @WsOnClose} reports 1006 and {@code HEARTBEAT_TIMEOUT},
 * and the connection's place is given back (with {@code ws.max-connections=1}, a new client gets in, at the latest a
 * few seconds after that {@code @WsOnClose}). When a message
 * of that client is still in its method, {@code @WsOnClose} waits for it and runs on a {@code ws-callback-} thread. A
 * server of its own: pings every 500 ms, 1 s to answer, one connection at a time.
 */
@SpringBootTest(classes = CallbackApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.heartbeat.interval=500ms", "ws.heartbeat.timeout=1s", "ws.max-connections=1" })
class HeartbeatTimeoutIntegrationTests {

	private static final Duration INTERVAL = Duration.ofMillis(500);

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	@LocalServerPort
	int port;

	@Autowired
	Blocking blocking;

	/** Every session of a test has closed before the next test connects (which still waits for the place). */
	@AfterEach
	void releaseHeldMessagesAndAwaitEveryClose() {
		this.blocking.releaseAll();
		await().atMost(TestClient.TIMEOUT).until(this.blocking::allClosed);
	}

	@Test
	void aClientThatNeverAnswersPingsLosesItsConnectionAndItsPlaceIsGivenBack() throws Exception {
		String id;
		try (RawClient silent = connectRaw()) {
			id = silent.readFrame().text().substring(3);
			long lastRead = System.nanoTime();
			// Reads (and discards) the pings, answering none, until the server ends the connection
			silent.awaitEnd(TestClient.TIMEOUT);
			assertThat(Duration.ofNanos(System.nanoTime() - lastRead)).as("time until the connection ended")
				.isLessThan(INTERVAL.plus(TIMEOUT).plusSeconds(3));
		}
		Closed closed = this.blocking.awaitClosed(id);
		assertThat(closed.code()).isEqualTo(1006);
		assertThat(closed.cause()).isEqualTo(WsCloseCause.HEARTBEAT_TIMEOUT);
		// The only place is given back: a new client gets in (its handshakes get 503 until then)
		try (TestClient next = TestClient.connectWhenFree(this.port, "/ws")) {
			assertThat(next.nextText()).startsWith("id:");
			assertThat(next.send("hello").nextText()).isEqualTo("echo:hello");
		}
	}

	@Test
	void onCloseAfterAHeartbeatTimeoutWaitsForTheMessageInFlight() throws Exception {
		try (RawClient silent = connectRaw()) {
			String id = silent.readFrame().text().substring(3);
			silent.sendText("block");
			Track track = this.blocking.awaitBlocked(id);
			silent.awaitCloseOrEnd(TestClient.TIMEOUT);
			assertThat(track.closed).as("@WsOnClose while the message is held").isNotDone();
			track.release();
			this.blocking.assertClosedAfterTheMessage(id, WsCloseCause.HEARTBEAT_TIMEOUT, 1006);
		}
	}

	/**
	 * Connect a raw client to /ws once the only place is free: the place of a closed session comes back once its
	 * {@code @WsOnClose} has run and its socket has ended. Handshakes refused meanwhile (503) are closed.
	 */
	private RawClient connectRaw() {
		return await().atMost(TestClient.TIMEOUT).until(() -> {
			RawClient client = RawClient.connect(this.port, "/ws");
			if (client.status() == 101) {
				return client;
			}
			client.close();
			return null;
		}, Objects::nonNull);
	}

}
