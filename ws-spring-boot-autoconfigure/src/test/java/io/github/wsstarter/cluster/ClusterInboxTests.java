package io.github.wsstarter.cluster;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.broadcast.WsBroadcast;
import io.github.wsstarter.session.WsFrameSinks;
import io.github.wsstarter.session.WsIoExecutors;
import io.github.wsstarter.session.WsMessageEncoder;
import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsSessionSettings;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbox's bound and order: a probe comes back only after what arrived before it is delivered, and a message
 * beyond {@code receive-buffer} is dropped, counted and logged once.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterInboxTests {

	private final WsIoExecutors executors = new WsIoExecutors(Runnable::run);

	private final WsSessionRegistry registry = new WsSessionRegistry(new WsMessageEncoder(new JsonMapper()),
			WsSessionSettings.DEFAULTS, this.executors, WsFrameSinks.forContainer(true, getClass().getClassLoader()));

	private final CountDownLatch probeEntered = new CountDownLatch(1);

	private final CountDownLatch releaseProbe = new CountDownLatch(1);

	private final ClusterInbox inbox = new ClusterInbox(this.registry,
			new ClusterWarnings(LogFactory.getLog(ClusterInboxTests.class)), "ws:test", "test", 2, (nonce) -> {
				this.probeEntered.countDown();
				try {
					this.releaseProbe.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});

	@AfterEach
	void stop() {
		this.releaseProbe.countDown();
		this.inbox.stop();
		this.executors.destroy();
	}

	@Test
	void beyondTheBufferAMessageIsDroppedCountedAndLoggedOnce(CapturedOutput output) throws Exception {
		this.inbox.start();
		// Hold the inbox's thread in a probe, so that what comes next waits
		this.inbox.offerProbe("hold");
		assertThat(this.probeEntered.await(10, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < 5; i++) {
			this.inbox.offer(broadcast(i));
		}
		assertThat(this.registry.getStatistics().getClusterDropped()).isEqualTo(3);
		assertThat(output.getOut().split("ws.cluster.receive-buffer", -1)).hasSize(2);
		this.releaseProbe.countDown();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.registry.getStatistics().getClusterReceived()).isEqualTo(2));
	}

	@Test
	void aStoppedInboxDropsAndCountsAndTakesNoProbe() {
		this.inbox.offer(broadcast(0));
		this.inbox.offerProbe("late");
		assertThat(this.registry.getStatistics().getClusterDropped()).isEqualTo(1);
		assertThat(this.probeEntered.getCount()).isEqualTo(1);
	}

	private static WsBroadcast broadcast(int i) {
		return new WsBroadcast(WsBroadcast.Scope.ALL, null, new TextMessage("m" + i));
	}

}
