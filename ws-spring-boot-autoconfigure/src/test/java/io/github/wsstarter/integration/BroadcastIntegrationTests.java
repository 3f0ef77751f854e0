package io.github.wsstarter.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.annotation.JsonValue;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.session.WsSessionRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link WsBroadcaster} against the real server: one, all, all but one, filtered, rooms, and many threads at once.
 */
@IntegrationTest
class BroadcastIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsBroadcaster broadcaster;

	@Autowired
	WsSessionRegistry registry;

	@Autowired
	TestApplication.Events events;

	/** Connects to /ws and remembers the session id the server announces. */
	private final class Client implements AutoCloseable {

		final TestClient connection = TestClient.connect(BroadcastIntegrationTests.this.port, "/ws");

		final String id = this.connection.nextText().substring(3);

		WsSession session() {
			return BroadcastIntegrationTests.this.broadcaster.session(this.id).orElseThrow();
		}

		@Override
		public void close() {
			this.connection.close();
		}

	}

	private List<Client> connect(int count) {
		List<Client> clients = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			clients.add(new Client());
		}
		return clients;
	}

	private static void closeAll(List<Client> clients) {
		clients.forEach(Client::close);
	}

	/** Broadcasts reach every session, including those of earlier tests still closing: wait for a clean slate. */
	private void awaitNoSessions() {
		await().atMost(TestClient.TIMEOUT).until(() -> this.broadcaster.sessions().isEmpty());
	}

	@Test
	void sendToOneSessionReachesOnlyThatClient() throws Exception {
		List<Client> clients = connect(3);
		try {
			assertThat(this.broadcaster.send(clients.get(1).id, "just you")).isTrue();
			assertThat(this.broadcaster.send(clients.get(2).session(), Map.of("n", 1))).isTrue();
			assertThat(clients.get(1).connection.nextText()).isEqualTo("just you");
			assertThat(clients.get(2).connection.nextText()).isEqualTo("{\"n\":1}");
			assertThat(clients.get(0).connection.poll(Duration.ofMillis(300))).isNull();
			assertThat(clients.get(1).connection.poll(Duration.ofMillis(10))).isNull();
			assertThat(this.broadcaster.send("no-such-id", "x")).isFalse();
		}
		finally {
			closeAll(clients);
		}
	}

	@Test
	void sendByIdToAClosedSessionReturnsFalse() {
		Client client = new Client();
		client.close();
		await().atMost(TestClient.TIMEOUT).until(() -> this.events.closed.containsKey(client.id));
		assertThat(this.broadcaster.send(client.id, "x")).isFalse();
		assertThat(this.broadcaster.session(client.id)).isEmpty();
	}

	@Test
	void sendAllDeliversEveryMessageOnceAndInOrderToAHundredClients() throws Exception {
		awaitNoSessions();
		List<Client> clients = connect(100);
		try {
			assertThat(this.broadcaster.sessions()).hasSize(100);
			int messages = 50;
			for (int i = 0; i < messages; i++) {
				this.broadcaster.sendAll("m" + i);
			}
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < messages; i++) {
				expected.add("m" + i);
			}
			for (Client client : clients) {
				assertThat(client.connection.nextTexts(messages)).containsExactlyElementsOf(expected);
			}
			for (Client client : clients) {
				assertThat(client.connection.poll(Duration.ofMillis(5))).isNull();
			}
		}
		finally {
			closeAll(clients);
		}
	}

	/** A message that counts how often it is written as JSON. */
	static final class Counted {

		final AtomicInteger writes = new AtomicInteger();

		@JsonValue
		String json() {
			this.writes.incrementAndGet();
			return "counted";
		}

	}

	@Test
	void broadcastsEncodeTheMessageOnceForAllSessions() {
		awaitNoSessions();
		List<Client> clients = connect(3);
		try {
			clients.forEach((client) -> client.session().join("all"));
			Counted message = new Counted();
			this.broadcaster.sendAll(message);
			this.broadcaster.sendToRoom("all", message);
			this.broadcaster.sendAllExcept(clients.get(0).session(), message);
			this.broadcaster.sendAll(message, (session) -> true);
			for (Client client : clients) {
				int expected = (client == clients.get(0)) ? 3 : 4;
				assertThat(client.connection.nextTexts(expected)).containsOnly("\"counted\"");
			}
			assertThat(message.writes).hasValue(4);
		}
		finally {
			closeAll(clients);
		}
	}

	@Test
	void sendAllExceptLeavesOneOut() throws Exception {
		awaitNoSessions();
		List<Client> clients = connect(3);
		try {
			this.broadcaster.sendAllExcept(clients.get(0).session(), "others");
			assertThat(clients.get(1).connection.nextText()).isEqualTo("others");
			assertThat(clients.get(2).connection.nextText()).isEqualTo("others");
			assertThat(clients.get(0).connection.poll(Duration.ofMillis(300))).isNull();
		}
		finally {
			closeAll(clients);
		}
	}

	@Test
	void sendAllWithAFilterReachesTheSessionsItAccepts() throws Exception {
		awaitNoSessions();
		List<Client> clients = connect(3);
		try {
			clients.get(2).session().attributes().put("vip", true);
			this.broadcaster.sendAll("vip only", (session) -> session.attributes().containsKey("vip"));
			assertThat(clients.get(2).connection.nextText()).isEqualTo("vip only");
			assertThat(clients.get(0).connection.poll(Duration.ofMillis(300))).isNull();
			assertThat(clients.get(1).connection.poll(Duration.ofMillis(10))).isNull();
		}
		finally {
			closeAll(clients);
		}
	}

	@Test
	void roomsReceiveOnlyTheirMessagesAndAreLeftOnClose() throws Exception {
		List<Client> clients = connect(3);
		try {
			WsSession red1 = clients.get(0).session();
			WsSession red2 = clients.get(1).session();
			WsSession blue = clients.get(2).session();
			red1.join("red");
			red2.join("red");
			red2.join("red");
			blue.join("blue");
			assertThat(red2.rooms()).containsExactly("red");

			this.broadcaster.sendToRoom("red", "to red");
			assertThat(clients.get(0).connection.nextText()).isEqualTo("to red");
			assertThat(clients.get(1).connection.nextText()).isEqualTo("to red");
			assertThat(clients.get(2).connection.poll(Duration.ofMillis(300))).isNull();

			red2.leave("red");
			assertThat(red2.rooms()).isEmpty();
			this.broadcaster.sendToRoom("red", "again");
			assertThat(clients.get(0).connection.nextText()).isEqualTo("again");
			assertThat(clients.get(1).connection.poll(Duration.ofMillis(300))).isNull();
			this.broadcaster.sendToRoom("nobody-here", "void");

			clients.get(0).close();
			clients.get(2).close();
			await().atMost(TestClient.TIMEOUT)
				.until(() -> this.registry.room("red").isEmpty() && this.registry.room("blue").isEmpty());
			red1.join("red");
			assertThat(this.registry.room("red")).isEmpty();
			assertThat(red1.rooms()).isEmpty();
		}
		finally {
			closeAll(clients);
		}
	}

	@Test
	void sixteenThreadsBroadcastingAtOnceLoseNothingAndKeepEachThreadsOrder() throws Exception {
		awaitNoSessions();
		int threads = 16;
		int perThread = 100;
		List<Client> clients = connect(50);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					try {
						start.await();
						for (int i = 0; i < perThread; i++) {
							this.broadcaster.sendAll(thread + ":" + i);
						}
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
			assertThat(failures).isEmpty();
			for (Client client : clients) {
				List<String> received = client.connection.nextTexts(threads * perThread);
				assertThat(received).doesNotHaveDuplicates();
				int[] next = new int[threads];
				for (String message : received) {
					String[] parts = message.split(":");
					int thread = Integer.parseInt(parts[0]);
					assertThat(Integer.parseInt(parts[1])).as("order of thread %d", thread).isEqualTo(next[thread]);
					next[thread]++;
				}
				assertThat(client.connection.isClosed()).isFalse();
			}
		}
		finally {
			pool.shutdownNow();
			closeAll(clients);
		}
	}

}
