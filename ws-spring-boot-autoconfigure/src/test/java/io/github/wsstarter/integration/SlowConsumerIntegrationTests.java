package io.github.wsstarter.integration;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.session.WsSessionRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One client that never reads among 200 that do: the others get everything, in order, the publisher is never held
 * up, and the stalled client is closed as a slow consumer. A server of its own, with the starter's default limits and
 * a small, fixed socket send buffer: the kernel would otherwise grow it to megabytes on loopback, and the stall would
 * take that much more traffic to show.
 */
@SpringBootTest(classes = { TestApplication.class, SlowConsumerIntegrationTests.SmallSocketBuffers.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class SlowConsumerIntegrationTests {

	private static final int FAST_CLIENTS = 200;

	private static final int MESSAGES = 10_000;

	/** 100 characters a message: 1 MB for each client in all, twice the 512 KB that may wait for one. */
	private static final String PADDING = "x".repeat(94);

	/**
	 * How far the publisher may run ahead of the slowest fast client: a real publisher has a rate, and a burst of
	 * 1 MB would rightly trip the buffer limit of every client. 2,000 messages are 200 KB.
	 */
	private static final int WINDOW = 2_000;

	@TestConfiguration(proxyBeanMethods = false)
	static class SmallSocketBuffers {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSocketSendBuffer() {
			return (factory) -> factory
				.addConnectorCustomizers((connector) -> connector.setProperty("socket.txBufSize", "16384"));
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	WsBroadcaster broadcaster;

	@Autowired
	WsSessionRegistry registry;

	@Autowired
	TestApplication.Events events;

	/** Checks the sequence as it arrives instead of storing two million strings. */
	static final class SequenceClient extends TextListener {

		final AtomicInteger next = new AtomicInteger();

		final AtomicReference<String> error = new AtomicReference<>();

		@Override
		void onMessage(String message) {
			if (message.startsWith("id:")) {
				return;
			}
			int expected = this.next.getAndIncrement();
			int actual = Integer.parseInt(message.substring(0, message.indexOf(':')));
			if (actual != expected) {
				this.error.compareAndSet(null, "expected " + expected + " but got " + actual);
			}
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.error.compareAndSet(null, "closed with " + statusCode);
			return null;
		}

	}

	@Test
	void aStalledClientNeitherDelaysTheOthersNorThePublisherAndIsClosedWith1008() throws Exception {
		List<SequenceClient> fast = Stream.generate(SequenceClient::new).limit(FAST_CLIENTS).toList();
		List<WebSocket> sockets = TextListener.connectAll(this.port, "/ws", fast);
		try (RawClient stalled = RawClient.connect(this.port, "/ws", "127.0.0.1", 4096)) {
			String stalledId = stalled.readFrame().text().substring(3);
			await().atMost(TestClient.TIMEOUT).until(() -> this.registry.size() == FAST_CLIENTS + 1);

			long[] calls = new long[MESSAGES];
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			for (int i = 0; i < MESSAGES; i++) {
				if (i % 100 == 0) {
					awaitWindow(fast, i, deadline);
				}
				long start = System.nanoTime();
				this.broadcaster.sendAll(i + ":" + PADDING);
				calls[i] = System.nanoTime() - start;
			}
			java.util.Arrays.sort(calls);
			long slowest = calls[MESSAGES - 1];

			await().atMost(Duration.ofSeconds(60))
				.until(() -> fast.stream().allMatch((client) -> client.next.get() == MESSAGES || client.error.get() != null));
			for (SequenceClient client : fast) {
				assertThat(client.error.get()).isNull();
				assertThat(client.next.get()).isEqualTo(MESSAGES);
			}
			await().atMost(TestClient.TIMEOUT).until(() -> this.events.closed.containsKey(stalledId));
			assertThat(this.events.closed.get(stalledId).peek().getCode()).isEqualTo(1008);
			assertThat(this.events.causes.get(stalledId)).isEqualTo(WsCloseCause.SLOW_CONSUMER);
			// The session leaves the registry once its @WsOnClose has returned
			await().atMost(TestClient.TIMEOUT).until(() -> this.registry.size() == FAST_CLIENTS);
			// A send only queues, or starts a write that never waits: a call that waited for the stalled client's
			// network would take the send time limit, 10 s. Not a speed figure (those are the benchmarks'): a bound
			// far below what one blocked call would take, with room for pauses of this JVM, which runs 200 clients
			System.out.printf("sendAll to %d sessions: p50 %.3f ms, p99 %.3f ms, slowest %.2f ms%n", FAST_CLIENTS + 1,
					calls[MESSAGES / 2] / 1e6, calls[MESSAGES * 99 / 100] / 1e6, slowest / 1e6);
			assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			sockets.forEach((socket) -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
		}
	}

	/** Wait until every fast client is within the window of what was published, or failed. */
	private static void awaitWindow(List<SequenceClient> clients, int published, long deadline) {
		for (SequenceClient client : clients) {
			while (published - client.next.get() > WINDOW && client.error.get() == null) {
				assertThat(System.nanoTime()).as("fast clients keep up").isLessThan(deadline);
				LockSupport.parkNanos(100_000);
			}
		}
	}

	@Test
	void aClientWithMoreThanTheBufferLimitWaitingIsClosed() throws Exception {
		try (RawClient stalled = RawClient.connect(this.port, "/ws", "127.0.0.1", 4096);
				TestClient bystander = TestClient.connect(this.port, "/ws")) {
			String stalledId = stalled.readFrame().text().substring(3);
			bystander.nextText();
			String large = "y".repeat(64 * 1024);
			// 30 messages of 64 KB, each read by the bystander before the next: only the stalled client falls behind
			for (int i = 0; i < 30; i++) {
				this.broadcaster.sendAll(large);
				assertThat(bystander.nextText()).isEqualTo(large);
			}
			await().atMost(TestClient.TIMEOUT).until(() -> this.events.closed.containsKey(stalledId));
			assertThat(this.events.closed.get(stalledId).peek().getCode()).isEqualTo(1008);
			assertThat(this.events.causes.get(stalledId)).isEqualTo(WsCloseCause.SLOW_CONSUMER);
			assertThat(bystander.send("still here").nextText()).isEqualTo("echo:still here");
		}
	}

}
