package io.github.wsstarter.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCluster;
import io.github.wsstarter.session.WsSessionRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of one application on random ports against one real Redis, with clients spread over them: every
 * broadcast and every operation by session id reaches its sessions on every instance exactly once and in order, and
 * every instance counts the same sessions and rooms.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterIntegrationTests {

	private static final int PER_INSTANCE = 100;

	private static RedisServer redis;

	private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeAll
	static void startCluster() throws Exception {
		redis = RedisServer.start();
		for (int i = 0; i < 3; i++) {
			instances.add(ClusterTestApplication.start(redis.port(), "spring.application.name=chat"));
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> instances.forEach((instance) -> assertThat(cluster(instance).instances()).hasSize(3)));
	}

	@AfterAll
	static void stopCluster() throws Exception {
		instances.forEach(ConfigurableApplicationContext::close);
		redis.close();
	}

	private static WsCluster cluster(ConfigurableApplicationContext context) {
		return context.getBean(WsCluster.class);
	}

	private static WsBroadcaster broadcaster(ConfigurableApplicationContext context) {
		return context.getBean(WsBroadcaster.class);
	}

	/** Connect {@code perInstance} clients to each instance. */
	private static List<List<ClusterClient>> connect(int perInstance) throws Exception {
		List<List<ClusterClient>> clients = new ArrayList<>();
		for (ConfigurableApplicationContext instance : instances) {
			List<ClusterClient> here = new ArrayList<>();
			for (int i = 0; i < perInstance; i++) {
				here.add(ClusterClient.connect(ClusterTestApplication.port(instance)));
			}
			clients.add(here);
		}
		return clients;
	}

	private static void closeAll(List<List<ClusterClient>> clients) {
		clients.forEach((list) -> list.forEach(ClusterClient::close));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> instances.forEach((instance) -> assertThat(cluster(instance).sessionCount()).isZero()));
	}

	@Test
	void broadcastsFromOneThreadReachEverySessionOnEveryInstanceOnceAndInOrder() throws Exception {
		List<List<ClusterClient>> clients = connect(PER_INSTANCE);
		try {
			WsBroadcaster first = broadcaster(instances.get(0));
			WsBroadcaster second = broadcaster(instances.get(1));
			int count = 100;
			for (int i = 0; i < count; i++) {
				first.sendAll("a" + i);
			}
			for (int i = 0; i < count; i++) {
				second.sendAll("b" + i);
			}
			List<String> expectedA = IntStream.range(0, count).mapToObj((i) -> "a" + i).toList();
			List<String> expectedB = IntStream.range(0, count).mapToObj((i) -> "b" + i).toList();
			for (List<ClusterClient> here : clients) {
				for (ClusterClient client : here) {
					List<String> received = client.next(2 * count);
					assertThat(received.stream().filter((m) -> m.startsWith("a")).toList()).isEqualTo(expectedA);
					assertThat(received.stream().filter((m) -> m.startsWith("b")).toList()).isEqualTo(expectedB);
				}
			}
			// A marker after everything: once it is in, anything sent twice would have arrived before it
			first.sendAll("end");
			for (List<ClusterClient> here : clients) {
				for (ClusterClient client : here) {
					assertThat(client.next()).isEqualTo("end");
					assertThat(client.drain()).isEmpty();
				}
			}
		}
		finally {
			closeAll(clients);
		}
	}

	@Test
	void everyOperationBySessionIdReachesTheSessionOnAnotherInstance() throws Exception {
		List<List<ClusterClient>> clients = connect(2);
		try {
			ClusterClient target = clients.get(2).get(0);
			ClusterClient other = clients.get(2).get(1);
			WsBroadcaster first = broadcaster(instances.get(0));
			await().atMost(Duration.ofSeconds(2)).until(() -> cluster(instances.get(0)).isConnected(target.id));

			assertThat(first.send(target.id, "direct")).isTrue();
			assertThat(target.next()).isEqualTo("direct");

			assertThat(first.join(target.id, "lobby")).isTrue();
			await().atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> instances.forEach((i) -> assertThat(cluster(i).roomSize("lobby")).isEqualTo(1)));
			broadcaster(instances.get(1)).sendToRoom("lobby", "to-lobby");
			assertThat(target.next()).isEqualTo("to-lobby");

			assertThat(first.leave(target.id, "lobby")).isTrue();
			await().atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> instances.forEach((i) -> assertThat(cluster(i).roomSize("lobby")).isZero()));

			broadcaster(instances.get(0)).sendAllExcept(session(instances.get(2), other.id), "not-you");
			assertThat(target.next()).isEqualTo("not-you");
			for (List<ClusterClient> here : clients) {
				for (ClusterClient client : here) {
					if (client != other && client != target) {
						assertThat(client.next()).isEqualTo("not-you");
					}
				}
			}

			assertThat(first.close(target.id, new CloseStatus(4001, "kicked"))).isTrue();
			assertThat(target.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4001);
			await().atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> instances.forEach((i) -> assertThat(cluster(i).isConnected(target.id)).isFalse()));
			assertThat(first.send(target.id, "gone")).isFalse();
			assertThat(first.close("no-such-session", CloseStatus.NORMAL)).isFalse();
			assertThat(other.drain()).isEmpty();
		}
		finally {
			closeAll(clients);
		}
	}

	private static io.github.wsstarter.WsSession session(ConfigurableApplicationContext context, String id) {
		return broadcaster(context).session(id).orElseThrow();
	}

	@Test
	void everyInstanceCountsTheSessionsAndRoomsOfAll() throws Exception {
		List<List<ClusterClient>> clients = connect(PER_INSTANCE);
		try {
			for (int i = 0; i < 3; i++) {
				ClusterClient client = clients.get(i).get(0);
				client.webSocketSend("join:room-" + i);
				assertThat(client.next()).isEqualTo("joined:room-" + i);
			}
			await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> instances.forEach((instance) -> {
				WsCluster cluster = cluster(instance);
				assertThat(cluster.sessionCount()).isEqualTo(3 * PER_INSTANCE);
				assertThat(cluster.roomNames()).containsExactlyInAnyOrder("room-0", "room-1", "room-2");
				assertThat(cluster.roomSize("room-1")).isEqualTo(1);
				assertThat(cluster.isConnected(clients.get(1).get(5).id)).isTrue();
				assertThat(cluster.isDelivering()).isTrue();
				assertThat(cluster.instances()).hasSize(3).contains(cluster.instanceId());
			}));
			Set<String> ids = new java.util.HashSet<>();
			clients.forEach((list) -> list.forEach((client) -> ids.add(client.id)));
			assertThat(ids).as("session ids are unique across instances").hasSize(3 * PER_INSTANCE);
		}
		finally {
			closeAll(clients);
		}
		instances.forEach((instance) -> assertThat(cluster(instance).roomNames()).isEmpty());
	}

	@Test
	void sendToOneSessionAndBroadcastFromOneThreadKeepTheirOrder() throws Exception {
		List<List<ClusterClient>> clients = connect(1);
		try {
			ClusterClient local = clients.get(0).get(0);
			io.github.wsstarter.WsSession session = session(instances.get(0), local.id);
			WsBroadcaster broadcaster = broadcaster(instances.get(0));
			for (int i = 0; i < 50; i++) {
				broadcaster.send(session, "one" + i);
				broadcaster.sendAll("all" + i);
			}
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				expected.add("one" + i);
				expected.add("all" + i);
			}
			assertThat(local.next(100)).isEqualTo(expected);
			assertThat(clients.get(1).get(0).next(50)).isEqualTo(expected.stream().filter((m) -> m.startsWith("all")).toList());
		}
		finally {
			closeAll(clients);
		}
	}

	@Test
	void anotherProcessPublishesToBrowsersAndAMalformedMessageIsCountedAndSkipped(CapturedOutput output)
			throws Exception {
		List<List<ClusterClient>> clients = connect(1);
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			long malformedBefore = statistics(instances.get(0)).getClusterMalformed();
			long published = connection.sync().publish("ws:chat", "{not json at all " + "x".repeat(500));
			assertThat(published).isEqualTo(3);
			connection.sync().publish("ws:chat", "{\"v\":1,\"scope\":\"wrong\",\"text\":\"x\"}");
			connection.sync().publish("ws:chat", "{\"scope\":\"all\",\"text\":\"from a worker\"}");
			for (List<ClusterClient> here : clients) {
				assertThat(here.get(0).next()).isEqualTo("from a worker");
			}
			assertThat(statistics(instances.get(0)).getClusterMalformed()).isEqualTo(malformedBefore + 2);
			assertThat(output).contains("not a WebSocket cluster message (not JSON)").doesNotContain("x".repeat(100));
			assertThat(output).doesNotContain(" ERROR ");
		}
		finally {
			client.shutdown();
			closeAll(clients);
		}
	}

	@Test
	void aReplayedMessageIsDeliveredOnceAndMissedOnesAreCounted() throws Exception {
		List<List<ClusterClient>> clients = connect(1);
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			long droppedBefore = statistics(instances.get(1)).getClusterDropped();
			String message = "{\"seq\":%d,\"v\":1,\"origin\":\"elsewhere\",\"epoch\":\"e1\",\"scope\":\"all\",\"text\":\"n%d\"}";
			connection.sync().publish("ws:chat", message.formatted(1, 1));
			connection.sync().publish("ws:chat", message.formatted(1, 1));
			connection.sync().publish("ws:chat", message.formatted(5, 5));
			for (List<ClusterClient> here : clients) {
				assertThat(here.get(0).next(2)).containsExactly("n1", "n5");
			}
			assertThat(statistics(instances.get(1)).getClusterDropped()).isEqualTo(droppedBefore + 3);
			broadcaster(instances.get(0)).sendAll("after");
			for (List<ClusterClient> here : clients) {
				assertThat(here.get(0).next()).isEqualTo("after");
			}
		}
		finally {
			client.shutdown();
			closeAll(clients);
		}
	}

	@Test
	void aMessageOverTheMaximumSizeStaysOnItsInstanceAndIsNotReadFromOthers(CapturedOutput output) throws Exception {
		List<List<ClusterClient>> clients = connect(1);
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			String big = "b".repeat(70 * 1024);
			long droppedBefore = statistics(instances.get(0)).getClusterDropped();
			long malformedBefore = statistics(instances.get(1)).getClusterMalformed();
			broadcaster(instances.get(0)).sendAll(big);
			assertThat(clients.get(0).get(0).next()).isEqualTo(big);
			assertThat(statistics(instances.get(0)).getClusterDropped()).isEqualTo(droppedBefore + 1);
			connection.sync().publish("ws:chat", "{\"scope\":\"all\",\"text\":\"" + big + "\"}");
			broadcaster(instances.get(0)).sendAll("small");
			for (List<ClusterClient> here : clients) {
				assertThat(here.get(0).next()).isEqualTo("small");
			}
			assertThat(statistics(instances.get(1)).getClusterMalformed()).isEqualTo(malformedBefore + 1);
			assertThat(output).contains("larger than ws.cluster.max-message-size");
		}
		finally {
			client.shutdown();
			closeAll(clients);
		}
	}

	@Test
	void anInstanceThatStopsLeavesTheCountsAtOnce() throws Exception {
		ConfigurableApplicationContext leaving = ClusterTestApplication.start(redis.port(), "spring.application.name=chat");
		try (ClusterClient one = ClusterClient.connect(ClusterTestApplication.port(leaving))) {
			String id = cluster(leaving).instanceId();
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> instances.forEach((instance) -> {
				assertThat(cluster(instance).instances()).contains(id);
				assertThat(cluster(instance).isConnected(one.id)).isTrue();
			}));
			leaving.close();
			// Well within the 3 s instance timeout: it said goodbye
			await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> instances.forEach((instance) -> {
				assertThat(cluster(instance).instances()).doesNotContain(id);
				assertThat(cluster(instance).isConnected(one.id)).isFalse();
			}));
		}
		finally {
			leaving.close();
		}
	}

	private static io.github.wsstarter.session.WsStatistics statistics(ConfigurableApplicationContext context) {
		return context.getBean(WsSessionRegistry.class).getStatistics();
	}

	@Test
	void anInstanceThatStopsWithoutAWordDropsOutWithinTheInstanceTimeout() throws Exception {
		ConfigurableApplicationContext doomed = ClusterTestApplication.start(redis.port(), "spring.application.name=chat");
		try (ClusterClient one = ClusterClient.connect(ClusterTestApplication.port(doomed));
				ClusterClient two = ClusterClient.connect(ClusterTestApplication.port(doomed))) {
			String id = cluster(doomed).instanceId();
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> instances.forEach((instance) -> {
				assertThat(cluster(instance).instances()).contains(id);
				assertThat(cluster(instance).isConnected(one.id)).isTrue();
				assertThat(cluster(instance).isConnected(two.id)).isTrue();
			}));
			long sessionsBefore = cluster(instances.get(0)).sessionCount();
			long haltedAt = System.nanoTime();
			doomed.getBean(RedisWsCluster.class).halt();
			await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> instances.forEach((instance) -> {
				assertThat(cluster(instance).instances()).doesNotContain(id).hasSize(3);
				assertThat(cluster(instance).isConnected(one.id)).isFalse();
			}));
			// Not at once: the instance timeout (3 s) counts from its last heartbeat (at most 1 s before the halt)
			assertThat(Duration.ofNanos(System.nanoTime() - haltedAt)).isGreaterThan(Duration.ofMillis(1500));
			assertThat(cluster(instances.get(0)).sessionCount()).isEqualTo(sessionsBefore - 2);
		}
		finally {
			doomed.close();
		}
	}

	@Test
	void twoClustersOnOneRedisStayApart() throws Exception {
		ConfigurableApplicationContext other = ClusterTestApplication.start(redis.port(), "spring.application.name=other");
		List<List<ClusterClient>> clients = connect(1);
		try (ClusterClient stranger = ClusterClient.connect(ClusterTestApplication.port(other))) {
			assertThat(other.getBean(RedisWsCluster.class).channel()).isEqualTo("ws:other");
			await().atMost(Duration.ofSeconds(3)).until(() -> cluster(other).isDelivering());
			broadcaster(other).sendAll("other-cluster");
			broadcaster(instances.get(0)).sendAll("chat-cluster");
			assertThat(stranger.next()).isEqualTo("other-cluster");
			for (List<ClusterClient> here : clients) {
				assertThat(here.get(0).next()).isEqualTo("chat-cluster");
			}
			assertThat(stranger.drain()).isEmpty();
			assertThat(cluster(other).instances()).containsExactly(cluster(other).instanceId());
			assertThat(cluster(instances.get(0)).instances()).hasSize(3);
			assertThat(cluster(other).sessionCount()).isEqualTo(1);
		}
		finally {
			closeAll(clients);
			other.close();
		}
	}

}
