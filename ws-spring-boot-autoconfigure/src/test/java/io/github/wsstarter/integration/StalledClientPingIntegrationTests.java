package io.github.wsstarter.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wsstarter.WsSession;
import io.github.wsstarter.session.DefaultWsSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pings never hold up the starter's I/O threads: with eight clients that have stopped reading and whose sockets the
 * server has filled, a healthy client still has its pings sent and its pongs counted, and its messages echoed. A
 * server of its own: pings every 300 ms with 20 s to answer, and a send time limit (30 s) and buffer limit (16MB)
 * that keep the stalled clients connected throughout; small socket send buffers, so that a socket fills quickly.
 */
@SpringBootTest(classes = { TestApplication.class, SlowConsumerIntegrationTests.SmallSocketBuffers.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.heartbeat.interval=300ms", "ws.heartbeat.timeout=20s", "ws.send-time-limit=30s",
				"ws.send-buffer-size-limit=16MB" })
class StalledClientPingIntegrationTests {

	private static final int STALLED = 8;

	@LocalServerPort
	int port;

	@Autowired
	TestApplication.Events events;

	@Test
	void aHealthyClientsPongsAndEchoesGoOnWhileEightStalledClientsHaveFullSockets() throws Exception {
		List<RawClient> stalled = new ArrayList<>();
		try {
			List<WsSession> stalledSessions = new ArrayList<>();
			String chunk = "f".repeat(64 * 1024);
			for (int i = 0; i < STALLED; i++) {
				RawClient client = RawClient.connect(this.port, "/ws", "127.0.0.1", 4096);
				stalled.add(client);
				// Its id is the last thing this client reads
				WsSession session = this.events.opened.get(client.readFrame().text().substring(3));
				// Fill its socket until messages wait in its queue (16 MB at most), then two more
				for (int sent = 0; sent < 256 && !hasBacklog(session); sent++) {
					assertThat(session.send(chunk)).isTrue();
				}
				assertThat(session.send(chunk)).isTrue();
				assertThat(session.send(chunk)).isTrue();
				assertThat(hasBacklog(session)).as("messages waiting for stalled client %d", i).isTrue();
				stalledSessions.add(session);
			}

			try (TestClient healthy = TestClient.connect(this.port, "/ws")) {
				String id = healthy.nextText().substring(3);
				int before = pongs(id);
				await().atMost(TestClient.TIMEOUT).until(() -> pongs(id) >= before + 3);
				for (int i = 0; i < 5; i++) {
					assertThat(healthy.send("m" + i).nextText()).isEqualTo("echo:m" + i);
				}
			}
			// The stall lasted throughout: every stalled client is still connected (the kernel may have taken some
			// of their backlog meanwhile, so how much still waits is not asserted)
			assertThat(stalledSessions).allMatch(WsSession::isOpen, "open");
		}
		finally {
			for (RawClient client : stalled) {
				client.close();
			}
		}
	}

	private int pongs(String id) {
		AtomicInteger count = this.events.pongCounts.get(id);
		return (count != null) ? count.get() : 0;
	}

	private static boolean hasBacklog(WsSession session) {
		return session instanceof DefaultWsSession wsSession && wsSession.queuedBytes() > 0;
	}

}
