package io.github.wsstarter.integration;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.session.WsSessionRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many threads at once on hundreds of sessions: broadcasts, sends to one, joins and leaves, room sends and closes.
 * Bounded in count (and each wait in time). Nothing throws, nothing deadlocks, the sessions that stay open lose no
 * broadcast, and no session or room is left behind once everybody has gone.
 */
@IntegrationTest
class ConcurrencyStressIntegrationTests {

	private static final int SESSIONS = 200;

	private static final int BROADCASTERS = 4;

	private static final int BROADCASTS = 500;

	private static final List<String> ROOMS = List.of("a", "b", "c", "d");

	@LocalServerPort
	int port;

	@Autowired
	WsBroadcaster broadcaster;

	@Autowired
	WsSessionRegistry registry;

	/** Follows the broadcasts of each broadcaster thread; ignores the other traffic. */
	static final class Tracker extends TextListener {

		final int[] next = new int[BROADCASTERS];

		final AtomicReference<String> error = new AtomicReference<>();

		volatile String id;

		@Override
		synchronized void onMessage(String message) {
			if (message.startsWith("id:")) {
				this.id = message.substring(3);
			}
			else if (message.startsWith("a")) {
				int colon = message.indexOf(':');
				int thread = Integer.parseInt(message.substring(1, colon));
				int number = Integer.parseInt(message.substring(colon + 1));
				if (number != this.next[thread]) {
					this.error.compareAndSet(null, "thread " + thread + ": expected " + this.next[thread] + ", got " + number);
				}
				this.next[thread] = number + 1;
			}
		}

		synchronized boolean receivedAll() {
			for (int count : this.next) {
				if (count != BROADCASTS) {
					return false;
				}
			}
			return true;
		}

	}

	@Test
	void manyThreadsOnHundredsOfSessions(CapturedOutput output) throws Exception {
		await().atMost(TestClient.TIMEOUT).until(() -> this.registry.size() == 0);
		List<Tracker> trackers = Stream.generate(Tracker::new).limit(SESSIONS).toList();
		List<WebSocket> sockets = TextListener.connectAll(this.port, "/ws", trackers);
		await().atMost(TestClient.TIMEOUT).until(() -> trackers.stream().allMatch((tracker) -> tracker.id != null));
		List<String> ids = trackers.stream().map((tracker) -> tracker.id).toList();
		Set<String> closedByServer = ConcurrentHashMap.newKeySet();

		ExecutorService pool = Executors.newFixedThreadPool(BROADCASTERS + 5);
		CountDownLatch start = new CountDownLatch(1);
		ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
		List<Future<?>> work = new ArrayList<>();
		for (int t = 0; t < BROADCASTERS; t++) {
			int thread = t;
			work.add(pool.submit(task(start, failures, () -> {
				for (int n = 0; n < BROADCASTS; n++) {
					this.broadcaster.sendAll("a" + thread + ":" + n);
				}
			})));
		}
		for (int t = 0; t < 2; t++) {
			work.add(pool.submit(task(start, failures, () -> {
				for (int n = 0; n < 1000; n++) {
					this.broadcaster.send(ids.get(ThreadLocalRandom.current().nextInt(SESSIONS)), "s" + n);
				}
			})));
			work.add(pool.submit(task(start, failures, () -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				for (int n = 0; n < 1000; n++) {
					String room = ROOMS.get(random.nextInt(ROOMS.size()));
					this.broadcaster.session(ids.get(random.nextInt(SESSIONS))).ifPresent((session) -> {
						if (random.nextBoolean()) {
							session.join(room);
						}
						else {
							session.leave(room);
						}
					});
					this.broadcaster.sendToRoom(room, "r" + n);
				}
			})));
		}
		work.add(pool.submit(task(start, failures, () -> {
			for (int n = 0; n < 40; n++) {
				String id = ids.get(ThreadLocalRandom.current().nextInt(SESSIONS));
				closedByServer.add(id);
				this.broadcaster.session(id).ifPresent(WsSession::close);
			}
		})));
		start.countDown();
		for (Future<?> future : work) {
			future.get(60, TimeUnit.SECONDS); // a deadlock fails here
		}
		pool.shutdown();
		assertThat(failures).isEmpty();

		List<Tracker> stayed = trackers.stream().filter((tracker) -> !closedByServer.contains(tracker.id)).toList();
		assertThat(stayed).hasSizeGreaterThan(SESSIONS - 41);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> stayed.stream().allMatch((tracker) -> tracker.receivedAll() || tracker.error.get() != null));
		for (Tracker tracker : stayed) {
			assertThat(tracker.error.get()).isNull();
			assertThat(tracker.receivedAll()).isTrue();
		}

		sockets.forEach((socket) -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
		await().atMost(TestClient.TIMEOUT).until(() -> this.registry.size() == 0);
		for (String room : ROOMS) {
			assertThat(this.registry.room(room)).as("room %s", room).isEmpty();
		}
		assertThat(output.getAll()).doesNotContain(" ERROR ");
	}

	private static java.util.concurrent.Callable<Void> task(CountDownLatch start,
			ConcurrentLinkedQueue<Throwable> failures, Runnable body) {
		return () -> {
			try {
				start.await();
				body.run();
			}
			catch (Throwable ex) {
				failures.add(ex);
			}
			return null;
		};
	}

}
