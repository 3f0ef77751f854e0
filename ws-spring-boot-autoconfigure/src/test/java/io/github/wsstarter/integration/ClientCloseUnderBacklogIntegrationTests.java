package io.github.wsstarter.integration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.integration.CallbackApplication.StreamClose;
import io.github.wsstarter.integration.CallbackApplication.StreamRun;
import io.github.wsstarter.integration.CallbackApplication.Streamer;
import io.github.wsstarter.session.DefaultWsSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client's close is answered at once (within 3 s, not after the backlog) while the server streams to that client
 * and has a backlog for it: the server's close frame (1000) does not wait behind the stream. A server of its own with
 * {@code ws.overflow-strategy=drop} (the slow client is not closed for falling behind), a send buffer limit of 64KB,
 * a send time limit of 30 s (no stuck-write close during the test) and small socket send buffers.
 */
@SpringBootTest(classes = { CallbackApplication.class, SlowConsumerIntegrationTests.SmallSocketBuffers.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.overflow-strategy=drop", "ws.send-buffer-size-limit=64KB", "ws.send-time-limit=30s" })
class ClientCloseUnderBacklogIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsBroadcaster broadcaster;

	@Autowired
	Streamer streamer;

	@Test
	void aClientsCloseIsAnsweredAtOnceWhileTheServerStreamsToIt() throws Exception {
		try (RawClient client = RawClient.connect(this.port, "/stream", "127.0.0.1", 4096)) {
			String id = client.readFrame().text().substring(3);
			WsSession session = this.broadcaster.session(id).orElseThrow();
			client.sendText("stream");
			await().atMost(TestClient.TIMEOUT).until(() -> this.streamer.streams.containsKey(id));
			StreamRun stream = this.streamer.streams.get(id);
			// The client reads nothing until the server has a backlog for it: its socket full, messages waiting
			await().atMost(TestClient.TIMEOUT).until(() -> stream.sent.get() >= 200 && hasBacklog(session));
			assertThat(stream.stopped).as("the stream is still running").isNotDone();

			long closeSent = System.nanoTime();
			client.sendClose(1000);
			int code = client.awaitCloseOrEnd(TestClient.TIMEOUT);
			Duration answered = Duration.ofNanos(System.nanoTime() - closeSent);
			assertThat(code).as("code of the server's close frame (-1: the connection ended without one)")
				.isEqualTo(1000);
			assertThat(answered).as("time from the client's close to the server's (not after the backlog)")
				.isLessThan(Duration.ofSeconds(3));

			assertThat(stream.stopped.get(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
				.as("why the stream stopped")
				.isEqualTo("closed");
			StreamClose closed = this.streamer.close(id).get(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(closed.code()).isEqualTo(1000);
			assertThat(closed.cause()).isEqualTo(WsCloseCause.CLIENT_CLOSED);
		}
	}

	/**
	 * Whether messages wait in the session's queue (so its socket is full). On a session of another implementation,
	 * the number of messages sent stands for it.
	 */
	private static boolean hasBacklog(WsSession session) {
		return !(session instanceof DefaultWsSession wsSession) || wsSession.queuedBytes() > 0;
	}

}
