package io.github.wsstarter.integration;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.test.WsTestClient;
import io.github.wsstarter.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Heartbeats find dead peers: a client that answers pings stays, one that does not is closed and reported with 1006
 * within interval + timeout. A server of its own, pinging every 500 ms and waiting 1 s for the answer.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.heartbeat.interval=500ms", "ws.heartbeat.timeout=1s" })
class HeartbeatIntegrationTests {

	/** Interval + timeout (1.5 s), and more than as much again for the monitor's period and a busy machine. */
	private static final Duration DETECTION = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Autowired
	TestApplication.Events events;

	@Test
	void aClientThatAnswersPingsStaysAndItsRoundTripTimeIsMeasured() {
		try (TestClient client = TestClient.connect(this.port, "/ws")) {
			String id = client.nextText().substring(3);
			await().atMost(TestClient.TIMEOUT)
				.until(() -> this.events.pongCounts.containsKey(id) && this.events.pongCounts.get(id).get() >= 3);
			WsSession session = this.events.opened.get(id);
			assertThat(session.isOpen()).isTrue();
			assertThat(session.lastRoundTripTime()).isNotNull().isPositive().isLessThan(Duration.ofSeconds(1));
			assertThat(this.events.pongs.get(id)).isPositive();
			assertThat(client.isClosed()).isFalse();
			assertThat(client.send("alive").nextText()).isEqualTo("echo:alive");
		}
	}

	@Test
	void aCompressedSessionIsPingedToo() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		WebSocketSession client = CompressingClient.connect(this.port, received);
		try {
			assertThat(client.getExtensions()).isNotEmpty();
			String id = received.poll(10, TimeUnit.SECONDS).substring(3);
			// Tomcat's client answers pings by itself
			await().atMost(TestClient.TIMEOUT)
				.until(() -> this.events.pongCounts.containsKey(id) && this.events.pongCounts.get(id).get() >= 2);
			assertThat(this.events.opened.get(id).isOpen()).isTrue();
		}
		finally {
			client.close();
		}
	}

	@Test
	void aClientThatStopsAnsweringIsClosedAndReportedAs1006() throws Exception {
		// A raw client that reads nothing more after its id, so it never answers a ping
		try (RawClient silent = RawClient.connect(this.port, "/ws")) {
			String id = silent.readFrame().text().substring(3);
			await().atMost(DETECTION).until(() -> this.events.closed.containsKey(id));
			assertThat(this.events.closed.get(id).peek().getCode()).isEqualTo(1006);
			assertThat(this.events.causes.get(id)).isEqualTo(WsCloseCause.HEARTBEAT_TIMEOUT);
		}
	}

	@Test
	void aTestKitConnectionThatStopsReadingAnswersNoPing() {
		try (WsTestConnection stalled = WsTestClient.create("ws://127.0.0.1:" + this.port).connect()) {
			String id = stalled.awaitText().substring(3);
			stalled.stopReading();
			await().atMost(DETECTION).until(() -> this.events.closed.containsKey(id));
			assertThat(this.events.causes.get(id)).isEqualTo(WsCloseCause.HEARTBEAT_TIMEOUT);
			assertThat(stalled.receivedCount()).isEqualTo(1);
		}
	}

	@Test
	void aClientWhoseSocketClosesWithoutCloseFrameIsReportedAs1006Dropped() throws Exception {
		RawClient vanishing = RawClient.connect(this.port, "/ws");
		String id = vanishing.readFrame().text().substring(3);
		vanishing.close();
		await().atMost(DETECTION).until(() -> this.events.closed.containsKey(id));
		assertThat(this.events.closed.get(id).peek().getCode()).isEqualTo(1006);
		assertThat(this.events.causes.get(id)).isEqualTo(WsCloseCause.DROPPED);
	}

}
