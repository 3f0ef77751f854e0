package io.github.wsstarter.actuate;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.github.wsstarter.WsCluster;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsStatistics;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * The {@code ws} actuator endpoint ({@code /actuator/ws}): per endpoint the open sessions of this instance and their
 * rooms (the 100 largest), the statistics and the cluster's instances; {@code /actuator/ws/{sessionId}} for one
 * session (path, remote address, principal name, opened-at, rooms, what waits to be written, the last heartbeat round
 * trip). Never a message, an attribute or a header. Read-only unless the application grants write access
 * ({@code management.endpoint.ws.access=unrestricted}); then {@code DELETE /actuator/ws/{sessionId}} closes a session
 * with 1000. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
@Endpoint(id = "ws", defaultAccess = Access.READ_ONLY)
public class WsActuatorEndpoint {

	/** How many rooms of an endpoint are listed, the largest first. */
	static final int ROOMS_SHOWN = 100;

	private final WsSessionRegistry registry;

	private final WsCluster cluster;

	private final Supplier<Set<String>> endpoints;

	/**
	 * Create the endpoint.
	 * @param registry the sessions of this instance
	 * @param cluster the cluster's view (of this instance alone without one)
	 * @param endpoints the endpoint paths, asked for at each read
	 */
	public WsActuatorEndpoint(WsSessionRegistry registry, WsCluster cluster, Supplier<Set<String>> endpoints) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(cluster, "'cluster' must not be null");
		this.registry = registry;
		this.cluster = cluster;
		Assert.notNull(endpoints, "'endpoints' must not be null");
		this.endpoints = endpoints;
	}

	/**
	 * Describe the endpoints, statistics and cluster of this instance.
	 * @return the description
	 */
	@ReadOperation
	public WsDescriptor ws() {
		Map<String, Integer> sessions = new HashMap<>();
		Map<String, Map<String, Integer>> rooms = new HashMap<>();
		for (DefaultWsSession session : this.registry.sessions()) {
			if (!session.isOpen()) {
				continue; // closing: its close callbacks still run
			}
			sessions.merge(session.path(), 1, Integer::sum);
			Map<String, Integer> endpointRooms = rooms.computeIfAbsent(session.path(), (path) -> new HashMap<>());
			session.rooms().forEach((room) -> endpointRooms.merge(room, 1, Integer::sum));
		}
		Set<String> paths = new TreeSet<>(this.endpoints.get());
		paths.addAll(sessions.keySet());
		Map<String, EndpointDescriptor> endpoints = new LinkedHashMap<>();
		for (String path : paths) {
			Map<String, Integer> endpointRooms = rooms.getOrDefault(path, Map.of());
			endpoints.put(path, new EndpointDescriptor(sessions.getOrDefault(path, 0), endpointRooms.size(),
					largest(endpointRooms)));
		}
		ClusterDescriptor cluster = new ClusterDescriptor(this.cluster.instanceId(),
				new TreeSet<>(this.cluster.instances()), this.cluster.sessionCount(), this.cluster.isDelivering());
		return new WsDescriptor(endpoints, statistics(this.registry.getStatistics()), cluster);
	}

	private static Map<String, Integer> largest(Map<String, Integer> rooms) {
		Map<String, Integer> shown = new LinkedHashMap<>();
		rooms.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.limit(ROOMS_SHOWN)
			.forEach((room) -> shown.put(room.getKey(), room.getValue()));
		return shown;
	}

	private static Map<String, Long> statistics(WsStatistics statistics) {
		Map<String, Long> counts = new TreeMap<>();
		counts.put("slowConsumers", statistics.getSlowConsumers());
		counts.put("droppedMessages", statistics.getDroppedMessages());
		counts.put("heartbeatTimeouts", statistics.getHeartbeatTimeouts());
		counts.put("rateLimited", statistics.getRateLimited());
		counts.put("refusedHandshakes", statistics.getRefusedHandshakes());
		counts.put("clusterPublished", statistics.getClusterPublished());
		counts.put("clusterReceived", statistics.getClusterReceived());
		counts.put("clusterDropped", statistics.getClusterDropped());
		counts.put("clusterMalformed", statistics.getClusterMalformed());
		counts.put("clusterProbesLost", statistics.getClusterProbesLost());
		return counts;
	}

	/**
	 * Describe one session of this instance.
	 * @param sessionId the session's id
	 * @return the description, or {@code null} (404) if no such session is open here
	 */
	@ReadOperation
	public @Nullable SessionDescriptor session(@Selector String sessionId) {
		DefaultWsSession session = this.registry.get(sessionId);
		if (session == null || !session.isOpen()) {
			return null;
		}
		InetSocketAddress remote = session.remoteAddress();
		Principal principal = session.principal();
		Duration roundTrip = session.lastRoundTripTime();
		return new SessionDescriptor(session.id(), session.path(),
				(remote != null) ? remote.getHostString() + ":" + remote.getPort() : null,
				(principal != null) ? principal.getName() : null, session.openedAt().toString(),
				new TreeSet<>(session.rooms()), session.queuedBytes(),
				(roundTrip != null) ? roundTrip.toNanos() / 1e6 : null);
	}

	/**
	 * Close one session of this instance with 1000, after what is queued for it.
	 * @param sessionId the session's id
	 * @return what was closed, or {@code null} (404) if no such session is open here
	 */
	@DeleteOperation
	public @Nullable Map<String, String> close(@Selector String sessionId) {
		DefaultWsSession session = this.registry.get(sessionId);
		if (session == null || !session.isOpen()) {
			return null;
		}
		session.close(CloseStatus.NORMAL);
		return Map.of("closed", sessionId);
	}

	/**
	 * What {@code /actuator/ws} shows.
	 * @param endpoints per endpoint path, its sessions and rooms
	 * @param statistics the counts of this instance
	 * @param cluster the cluster's instances (this one alone without a cluster)
	 */
	public record WsDescriptor(Map<String, EndpointDescriptor> endpoints, Map<String, Long> statistics,
			ClusterDescriptor cluster) {
	}

	/**
	 * One endpoint of this instance.
	 * @param sessions its open sessions
	 * @param roomCount how many rooms its sessions are in
	 * @param rooms the largest rooms with their sizes, at most 100
	 */
	public record EndpointDescriptor(int sessions, int roomCount, Map<String, Integer> rooms) {
	}

	/**
	 * The cluster as this instance sees it.
	 * @param instanceId this instance
	 * @param instances the live instances
	 * @param sessions open sessions on all of them
	 * @param delivering whether the last end-to-end probe came back (always, without a cluster)
	 */
	public record ClusterDescriptor(String instanceId, Set<String> instances, long sessions, boolean delivering) {
	}

	/**
	 * One session.
	 * @param id its id
	 * @param path its endpoint
	 * @param remoteAddress the client's address and port, if known
	 * @param principal the authenticated user's name, if any
	 * @param openedAt when it opened (ISO-8601)
	 * @param rooms its rooms
	 * @param bytesWaiting what waits to be written to it: characters of text, bytes of binary
	 * @param lastRoundTripMillis the last heartbeat's round trip, if any
	 */
	public record SessionDescriptor(String id, String path, @Nullable String remoteAddress, @Nullable String principal,
			String openedAt, Set<String> rooms, long bytesWaiting, @Nullable Double lastRoundTripMillis) {
	}

}
