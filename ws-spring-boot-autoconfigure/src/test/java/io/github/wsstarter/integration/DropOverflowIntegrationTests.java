package io.github.wsstarter.integration;

import java.time.Duration;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.session.WsSessionRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ws.overflow-strategy=drop} with a send time limit of 1 s: messages beyond the buffer limit are dropped and
 * counted for a client that does not read, instead of closing it; a write that never completes still closes it as a
 * slow consumer once the time limit has passed.
 */
@SpringBootTest(classes = { TestApplication.class, SlowConsumerIntegrationTests.SmallSocketBuffers.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.overflow-strategy=drop", "ws.send-time-limit=1s", "ws.send-buffer-size-limit=128KB" })
class DropOverflowIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsBroadcaster broadcaster;

	@Autowired
	WsSessionRegistry registry;

	@Autowired
	TestApplication.Events events;

	@Test
	void messagesForAStalledClientAreDroppedThenTheStuckWriteClosesIt() throws Exception {
		try (RawClient stalled = RawClient.connect(this.port, "/ws", "127.0.0.1", 4096);
				TestClient bystander = TestClient.connect(this.port, "/ws")) {
			String stalledId = stalled.readFrame().text().substring(3);
			bystander.nextText();
			String large = "d".repeat(32 * 1024);
			long started = System.nanoTime();
			for (int i = 0; i < 12; i++) {
				this.broadcaster.sendAll(large);
				assertThat(bystander.nextText()).isEqualTo(large);
			}
			assertThat(this.registry.getStatistics().getDroppedMessages()).isPositive();
			await().atMost(TestClient.TIMEOUT).until(() -> this.events.closed.containsKey(stalledId));
			assertThat(this.events.causes.get(stalledId)).isEqualTo(WsCloseCause.SLOW_CONSUMER);
			assertThat(this.events.closed.get(stalledId).peek().getCode()).isEqualTo(1008);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			assertThat(bystander.send("fine").nextText()).isEqualTo("echo:fine");
		}
	}

}
