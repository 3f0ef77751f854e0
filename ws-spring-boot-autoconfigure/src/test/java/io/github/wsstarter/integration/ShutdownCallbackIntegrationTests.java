package io.github.wsstarter.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.integration.CallbackApplication.Blocking;
import io.github.wsstarter.integration.CallbackApplication.ShutdownProbe;
import io.github.wsstarter.integration.CallbackApplication.SlowClose;
import io.github.wsstarter.integration.CallbackApplication.Timeline;
import io.github.wsstarter.integration.CallbackApplication.Track;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link WsBroadcaster#shutdown()} and the application's stop, with callbacks that take their time: after a shutdown,
 * {@code @WsOnClose} still waits for a message in its method and runs on a {@code ws-callback-} thread; and a shutdown
 * before the context closes keeps the context's wait: {@code close()} does not return (and the web server does not
 * start to stop) before every {@code @WsOnClose} has run. Each test starts its own application, since shutting down
 * is final.
 */
class ShutdownCallbackIntegrationTests {

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CallbackApplication.class).properties("server.port=0").run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Test
	void onCloseAfterAShutdownWaitsForTheMessageInFlight() throws Exception {
		ConfigurableApplicationContext context = start();
		Blocking blocking = context.getBean(Blocking.class);
		try (TestClient client = TestClient.connect(port(context), "/ws")) {
			String id = client.nextText().substring(3);
			client.send("block");
			Track track = blocking.awaitBlocked(id);
			context.getBean(WsBroadcaster.class).shutdown();
			assertThat(client.awaitClose().code()).isEqualTo(1001);
			assertThat(track.closed).as("@WsOnClose while the message is held").isNotDone();
			track.release();
			blocking.assertClosedAfterTheMessage(id, WsCloseCause.SHUTDOWN, 1001);
		}
		finally {
			blocking.releaseAll();
			context.close();
		}
	}

	@Test
	void closingTheContextAfterShutdownStillWaitsForEveryOnClose() throws Exception {
		ConfigurableApplicationContext context = start();
		SlowClose slowClose = context.getBean(SlowClose.class);
		ShutdownProbe probe = context.getBean(ShutdownProbe.class);
		Timeline timeline = context.getBean(Timeline.class);
		AtomicLong closeReturnedAt = new AtomicLong();
		Thread closer = new Thread(() -> {
			context.close();
			closeReturnedAt.set(timeline.next());
		}, "test-context-close");
		try {
			List<TestClient> clients = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				TestClient client = TestClient.connect(port(context), "/slow-close");
				assertThat(client.nextText()).startsWith("id:");
				clients.add(client);
			}
			context.getBean(WsBroadcaster.class).shutdown();
			for (TestClient client : clients) {
				assertThat(client.awaitClose().code()).isEqualTo(1001);
			}
			// An @WsOnClose is held at the gate (how many at once depends on the callback threads)
			await().atMost(TestClient.TIMEOUT).until(() -> slowClose.entered.get() >= 1);

			closer.start();
			// close() has begun (the closed event is out) and its thread has come to a stop somewhere in it
			assertThat(probe.closing.await(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			await().atMost(TestClient.TIMEOUT).until(() -> isWaitingOrDone(closer));
			assertThat(closer.isAlive()).as("close() returned while @WsOnClose was held").isTrue();
			assertThat(probe.stoppedAt).as("phase before the web server's stop reached while @WsOnClose was held")
				.hasValue(0);

			slowClose.gate.countDown();
			closer.join(TestClient.TIMEOUT.toMillis());
			assertThat(closer.isAlive()).as("close() still running after the gate opened").isFalse();
			assertThat(slowClose.returnedAt).hasSize(3);
			assertThat(slowClose.causes.values()).containsOnly(WsCloseCause.SHUTDOWN);
			long webServerPhase = probe.stoppedAt.get();
			assertThat(webServerPhase).as("the probe before the web server was stopped").isPositive();
			assertThat(slowClose.returnedAt.values()).as("@WsOnClose returns, on the timeline")
				.allSatisfy((returned) -> assertThat(returned).isLessThan(webServerPhase));
			assertThat(closeReturnedAt.get()).as("close() returned, on the timeline").isGreaterThan(webServerPhase);
		}
		finally {
			slowClose.gate.countDown();
			if (closer.isAlive()) {
				closer.join(TestClient.TIMEOUT.toMillis());
			}
			else if (closeReturnedAt.get() == 0) {
				context.close();
			}
		}
	}

	private static boolean isWaitingOrDone(Thread thread) {
		Thread.State state = thread.getState();
		return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
				|| state == Thread.State.TERMINATED;
	}

}
