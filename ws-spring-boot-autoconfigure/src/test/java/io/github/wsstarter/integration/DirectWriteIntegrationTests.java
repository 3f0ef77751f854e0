package io.github.wsstarter.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsSessionRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The direct write path ({@code ws.direct-writes}, the default): frames of every size written straight to Tomcat's
 * connection, several at a time, interleaved with the frames Tomcat writes by itself; and the Jakarta API for a
 * client that negotiated per-message compression.
 */
@IntegrationTest
class DirectWriteIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsSessionRegistry registry;

	@Autowired
	WsBroadcaster broadcaster;

	@Test
	void framesOfEverySizeArriveWhole() {
		FrameSizes.assertEverySizeArrives(this.port, this.registry, this.broadcaster, true);
	}

	@Test
	void tomcatsPongsInterleaveWithBatchedWrites(CapturedOutput output) throws Exception {
		// About 300KB in all: under the send buffer limit even if the client read nothing until the end
		int messages = 1_000;
		int pings = 100;
		try (TestClient client = TestClient.connect(this.port, "/ws")) {
			String id = client.nextText().substring(3);
			String room = "pongs-" + id;
			this.registry.get(id).join(room);
			String padding = "p".repeat(300);
			CompletableFuture<Void> broadcasts = CompletableFuture.runAsync(() -> {
				for (int i = 0; i < messages; i++) {
					this.broadcaster.sendToRoom(room, i + padding);
				}
			});
			for (int i = 0; i < pings; i++) {
				client.ping();
			}
			broadcasts.get(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			List<String> expected = IntStream.range(0, messages).mapToObj((i) -> i + padding).toList();
			assertThat(client.nextTexts(messages)).isEqualTo(expected);
			await().atMost(TestClient.TIMEOUT).until(client::pongs, (count) -> count == pings);
			assertThat(client.isClosed()).isFalse();
		}
		assertThat(output).doesNotContain(" ERROR ");
	}

	@Test
	void aWriteWaitsWhileTomcatWritesAFrameOfItsOwn() throws Exception {
		try (TestClient client = TestClient.connect(this.port, "/ws")) {
			String id = client.nextText().substring(3);
			DefaultWsSession session = this.registry.get(id);
			assertThat(session.isDirectWrite()).isTrue();
			// Hold the semaphore Tomcat's own frames (pongs, close frames) take, as if one were being written
			Object endpoint = ReflectionTestUtils.getField(
					((NativeWebSocketSession) session.getDelegate()).getNativeSession(), "wsRemoteEndpoint");
			Semaphore tomcats = (Semaphore) ReflectionTestUtils.getField(endpoint, "messagePartInProgress");
			assertThat(tomcats.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
			List<String> expected = IntStream.range(0, 20).mapToObj((i) -> "held " + i).toList();
			try {
				expected.forEach(session::send);
				session.join("held-" + id);
				this.broadcaster.sendToRoom("held-" + id, "room");
				assertThat(client.poll(Duration.ofMillis(300))).as("written under Tomcat's frame").isNull();
			}
			finally {
				tomcats.release();
			}
			assertThat(client.nextTexts(20)).isEqualTo(expected);
			assertThat(client.nextText()).isEqualTo("room");
			assertThat(session.isOpen()).isTrue();
		}
	}

	@Test
	void clientWithCompressionIsWrittenThroughTheJakartaApi() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		WebSocketSession client = CompressingClient.connect(this.port, received);
		try {
			assertThat(client.getExtensions()).extracting(WebSocketExtension::getName).contains("permessage-deflate");
			String id = received.poll(10, TimeUnit.SECONDS).substring(3);
			DefaultWsSession session = this.registry.get(id);
			assertThat(session.isDirectWrite()).isFalse();
			String room = "deflate-" + id;
			session.join(room);
			List<String> expected = new ArrayList<>();
			// About 140KB in all: well under the send buffer limit, however slowly compression goes
			for (int i = 0; i < 200; i++) {
				expected.add(FrameSizes.text(i * 7));
				this.broadcaster.sendToRoom(room, expected.get(i));
			}
			List<String> actual = new ArrayList<>();
			await().atMost(TestClient.TIMEOUT).until(() -> {
				received.drainTo(actual);
				return actual.size() >= expected.size();
			});
			assertThat(actual).isEqualTo(expected);
		}
		finally {
			client.close();
		}
	}

}
