package io.github.wsstarter.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.wsstarter.WsCluster;
import io.github.wsstarter.broadcast.LocalWsCluster;
import io.github.wsstarter.session.WsSessionRegistry;
import io.lettuce.core.RedisClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * {@link WsCluster} of the instances that share a Redis channel: it publishes this instance's broadcasts to the
 * others, delivers theirs here, keeps presence, and checks the link end to end with a probe.
 * <p>
 * Publishing never blocks the caller: a message for the other instances is refused and counted as dropped while Redis
 * is unreachable or when {@code ws.cluster.publish-buffer} messages wait for it already. An outage is logged at WARN
 * when it starts and at INFO when it ends, never per message; the link is re-established by itself, tried every
 * 500 ms. Everything that waits on Redis runs on this cluster's own thread.
 *
 * @author ws-spring-boot-starter team
 * @since 0.2.0
 */
public final class RedisWsCluster implements WsCluster, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisWsCluster.class);

	private static final long TICK_MILLIS = 100;

	private static final long RECONNECT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private final WsSessionRegistry registry;

	private final LocalWsCluster local;

	private final ClusterEnvelope envelope;

	private final ClusterPresence presence;

	private final String channel;

	private final byte[] channelBytes;

	private final byte[] presenceChannel;

	private final String instanceId;

	private final RedisLink link;

	private final ClusterProbe probe;

	private final long heartbeatNanos;

	private final long instanceTimeoutNanos;

	private final ClusterWarnings warnings = new ClusterWarnings(logger);

	private final ClusterReceiver receiver;

	private final ClusterInbox inbox;

	private final ClusterPublisher publisher;

	private volatile boolean stopped;

	private volatile @Nullable ScheduledThreadPoolExecutor thread;

	private volatile boolean delivering;

	// State of the cluster thread
	private boolean linked;

	private long nextConnect;

	private long lastHeartbeat;


	/**
	 * Create the cluster view of this instance.
	 * @param registry the sessions of this instance
	 * @param jsonMapper reads and writes the channel's messages
	 * @param client the application's Lettuce client, whose connection settings are used; asked for at each connect
	 * @param properties the cluster's settings
	 * @param channel the broadcast channel
	 * @param instanceId the id of this instance
	 */
	public RedisWsCluster(WsSessionRegistry registry, JsonMapper jsonMapper, Supplier<RedisClient> client,
			WsClusterProperties properties, String channel, String instanceId) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.hasText(channel, "'channel' must not be empty");
		Assert.hasText(instanceId, "'instanceId' must not be empty");
		this.registry = registry;
		this.local = new LocalWsCluster(registry, instanceId);
		this.instanceId = instanceId;
		this.channel = channel;
		this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
		this.presenceChannel = (channel + ":presence").getBytes(StandardCharsets.UTF_8);
		// Random per process: tells this process's messages from another's under the same instance id
		String epoch = LocalWsCluster.randomId();
		this.envelope = new ClusterEnvelope(jsonMapper, instanceId, epoch);
		this.link = new RedisLink(client, new byte[][] { this.channelBytes, this.presenceChannel },
				properties.getPublishBuffer(), this::receive);
		this.presence = new ClusterPresence(instanceId, epoch, jsonMapper, registry,
				(message) -> link().publish(this.presenceChannel, message, true),
				(other) -> this.warnings.duplicateId(instanceId, other));
		this.probe = new ClusterProbe(this.link, this.channelBytes, this.envelope, properties.getProbeInterval());
		this.instanceTimeoutNanos = properties.getInstanceTimeout().toNanos();
		this.heartbeatNanos = Math.min(properties.getProbeInterval().toNanos(), this.instanceTimeoutNanos / 3);
		long maxMessageSize = properties.getMaxMessageSize().toBytes();
		this.publisher = new ClusterPublisher(this.link, channel, registry.getStatistics(), this.warnings,
				maxMessageSize, () -> this.delivering);
		this.inbox = new ClusterInbox(registry, this.warnings, channel, instanceId, properties.getReceiveBuffer(),
				this::probeReturned);
		this.receiver = new ClusterReceiver(registry, this.inbox, this.envelope, this.warnings, channel, instanceId,
				epoch, maxMessageSize);
	}

	/** Publish a message for the sessions of the other instances; this instance's own have it already. */
	void publish(byte[] message) {
		this.publisher.publish(message);
	}

	private RedisLink link() {
		return this.link;
	}

	ClusterEnvelope envelope() {
		return this.envelope;
	}

	/** A message from one of the channels, on the subscriber's thread, in the order Redis sent them. */
	private void receive(byte[] channel, byte[] message) {
		try {
			if (Arrays.equals(channel, this.presenceChannel)) {
				this.presence.receive(message);
			}
			else {
				this.receiver.receive(message);
			}
		}
		catch (ClusterEnvelope.MalformedException ex) {
			this.registry.getStatistics().clusterMalformed();
			this.warnings.malformed(new String(channel, StandardCharsets.UTF_8), ex.getMessage(), message);
		}
		catch (RuntimeException ex) {
			this.warnings.failedDelivery(ex);
		}
	}

	/** The cluster thread's loop: keep the link up, say what changed, probe, forget silent instances. */
	private void tick() {
		long now = System.nanoTime();
		if (!this.linked) {
			if (now - this.nextConnect >= 0) {
				connect(now);
			}
			return;
		}
		if (!this.link.isConnected()) {
			down("the connection to Redis was lost");
			return;
		}
		this.presence.tick();
		this.presence.expire(now - this.instanceTimeoutNanos);
		if (now - this.lastHeartbeat >= this.heartbeatNanos) {
			this.lastHeartbeat = now;
			this.presence.heartbeat();
		}
		probe(now);
	}

	private void connect(long now) {
		try {
			this.link.connect();
		}
		catch (Exception ex) {
			this.link.close();
			if (this.stopped) {
				return; // interrupted by the stop
			}
			this.nextConnect = now + RECONNECT_NANOS;
			this.warnings.outage(this.channel, "Redis cannot be reached: " + rootMessage(ex),
					this.registry.getStatistics().getClusterDropped());
			return;
		}
		if (this.stopped) {
			this.link.close();
			return;
		}
		this.linked = true;
		this.presence.hello();
		this.lastHeartbeat = now;
		synchronized (this) {
			this.probe.send(now); // at once: delivery counts as resumed when it comes back
		}
	}

	/**
	 * Send a probe when one is due, or find the one out late. Locked against {@link #probeReturned}, so that one
	 * just back counts.
	 */
	private synchronized void probe(long now) {
		if (this.probe.isLate(now)) {
			this.registry.getStatistics().clusterProbeLost();
			down("a probe through channel '" + this.channel + "' did not come back within 2 s");
		}
		else if (this.probe.isDue(now)) {
			this.probe.send(now);
		}
	}

	/** Locked against {@link #down}, so that a probe that comes back as the link goes down changes nothing. */
	private synchronized void probeReturned(String nonce) {
		if (!this.probe.returned(nonce)) {
			return;
		}
		Duration roundTrip = this.probe.lastRoundTrip();
		if (roundTrip != null) {
			this.registry.observers().clusterProbe(roundTrip);
		}
		if (!this.delivering) {
			this.delivering = true;
			this.warnings.recovered(this.channel, this.registry.getStatistics().getClusterDropped());
		}
	}

	private synchronized void down(String reason) {
		this.delivering = false;
		this.linked = false;
		this.probe.forget();
		this.link.close();
		this.presence.forgetAll();
		this.nextConnect = System.nanoTime();
		this.warnings.outage(this.channel, reason, this.registry.getStatistics().getClusterDropped());
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	@Override
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public Set<String> instances() {
		return this.delivering ? this.presence.instances() : Set.of(this.instanceId);
	}

	@Override
	public long sessionCount() {
		return this.local.sessionCount() + (this.delivering ? this.presence.remoteSessionCount() : 0);
	}

	@Override
	public long roomSize(String room) {
		return this.local.roomSize(room) + (this.delivering ? this.presence.remoteRoomSize(room) : 0);
	}

	@Override
	public Set<String> roomNames() {
		if (!this.delivering) {
			return this.local.roomNames();
		}
		Set<String> names = new HashSet<>(this.local.roomNames());
		this.presence.addRemoteRoomNames(names);
		return Set.copyOf(names);
	}

	@Override
	public boolean isConnected(String sessionId) {
		return this.local.isConnected(sessionId) || (this.delivering && this.presence.isConnectedElsewhere(sessionId));
	}

	@Override
	public boolean isDelivering() {
		return this.delivering;
	}

	/**
	 * Return how long the last probe took to come back through Redis.
	 * @return the round trip, or {@code null} before the first
	 */
	public @Nullable Duration lastProbeRoundTrip() {
		return this.probe.lastRoundTrip();
	}

	/**
	 * Return the name of the broadcast channel.
	 * @return the channel
	 */
	public String channel() {
		return this.channel;
	}

	@Override
	public void start() {
		if (this.thread != null) {
			return;
		}
		this.stopped = false;
		this.registry.addListener(this.presence);
		this.inbox.start();
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
				new CustomizableThreadFactory("ws-cluster-" + this.instanceId + "-"));
		((CustomizableThreadFactory) executor.getThreadFactory()).setDaemon(true);
		executor.scheduleWithFixedDelay(this::safeTick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
		this.thread = executor;
		logger.info("WebSocket cluster: instance '" + this.instanceId + "' on Redis channel '" + this.channel + "'");
	}

	private void safeTick() {
		try {
			tick();
		}
		catch (RuntimeException ex) {
			this.warnings.failedDelivery(ex);
		}
	}

	/** Say goodbye to the other instances (waiting up to a second for Redis to take it), then close the link. */
	@Override
	public void stop() {
		ScheduledThreadPoolExecutor executor = this.thread;
		if (executor == null) {
			return;
		}
		try {
			executor.submit(() -> {
				if (this.linked) {
					this.presence.tick();
					CompletionStage<Long> bye = this.link.publish(this.presenceChannel, this.presence.bye(), true);
					if (bye != null) {
						bye.toCompletableFuture().get(1, TimeUnit.SECONDS);
					}
				}
				return null;
			}).get(2, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			logger.debug("Could not say goodbye to the cluster", ex);
		}
		halt();
	}

	/** Stop without a goodbye, as a killed instance would. */
	void halt() {
		this.stopped = true;
		ScheduledThreadPoolExecutor executor = this.thread;
		this.thread = null;
		this.registry.removeListener(this.presence);
		if (executor != null) {
			executor.shutdownNow();
			try {
				executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.delivering = false;
		this.linked = false;
		synchronized (this) {
			this.probe.forget();
		}
		this.link.close();
		this.inbox.stop();
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	/** Start before the WebSocket server and stop after it, so that its last closes reach the other instances. */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 1;
	}

}
