package io.github.wsstarter.session;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what the starter did to protect the server, since start-up. Thread-safe; read it for metrics or health.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class WsStatistics {

	private final LongAdder slowConsumers = new LongAdder();

	private final LongAdder droppedMessages = new LongAdder();

	private final LongAdder heartbeatTimeouts = new LongAdder();

	private final LongAdder rateLimited = new LongAdder();

	private final LongAdder refusedHandshakes = new LongAdder();

	private final LongAdder clusterPublished = new LongAdder();

	private final LongAdder clusterReceived = new LongAdder();

	private final LongAdder clusterDropped = new LongAdder();

	private final LongAdder clusterMalformed = new LongAdder();

	private final LongAdder clusterProbesLost = new LongAdder();

	void slowConsumer() {
		this.slowConsumers.increment();
	}

	void dropped() {
		this.droppedMessages.increment();
	}

	void heartbeatTimeout() {
		this.heartbeatTimeouts.increment();
	}

	/** Count a session closed for sending faster than {@code ws.max-messages-per-second}. */
	public void rateLimited() {
		this.rateLimited.increment();
	}

	/** Count a handshake refused for {@code ws.max-connections} or {@code ws.max-connections-per-client}. */
	public void refusedHandshake() {
		this.refusedHandshakes.increment();
	}

	/**
	 * Return how many sessions were closed as slow consumers (1008).
	 * @return the count
	 */
	public long getSlowConsumers() {
		return this.slowConsumers.sum();
	}

	/**
	 * Return how many messages were dropped for slow consumers ({@code ws.overflow-strategy=drop}).
	 * @return the count
	 */
	public long getDroppedMessages() {
		return this.droppedMessages.sum();
	}

	/**
	 * Return how many sessions were closed because they answered no ping.
	 * @return the count
	 */
	public long getHeartbeatTimeouts() {
		return this.heartbeatTimeouts.sum();
	}

	/**
	 * Return how many sessions were closed for exceeding the message rate.
	 * @return the count
	 */
	public long getRateLimited() {
		return this.rateLimited.sum();
	}

	/**
	 * Return how many handshakes were refused with 503 for the connection limits.
	 * @return the count
	 */
	public long getRefusedHandshakes() {
		return this.refusedHandshakes.sum();
	}

	/** Count a message published to the other instances of the cluster. */
	public void clusterPublished() {
		this.clusterPublished.increment();
	}

	/** Count a message received from another instance of the cluster, or from another publisher on its channel. */
	public void clusterReceived() {
		this.clusterReceived.increment();
	}

	/** Count a message for the other instances that was dropped: Redis unreachable, or too many in flight. */
	public void clusterDropped() {
		this.clusterDropped.increment();
	}

	/**
	 * Count messages of another instance that were missed.
	 * @param count how many
	 */
	public void clusterDropped(long count) {
		this.clusterDropped.add(count);
	}

	/** Count a message on the cluster's channel that could not be read. */
	public void clusterMalformed() {
		this.clusterMalformed.increment();
	}

	/** Count an end-to-end probe through Redis that did not come back in time. */
	public void clusterProbeLost() {
		this.clusterProbesLost.increment();
	}

	/**
	 * Return how many messages were published to the other instances ({@code ws.cluster.enabled}).
	 * @return the count
	 * @since 0.2.0
	 */
	public long getClusterPublished() {
		return this.clusterPublished.sum();
	}

	/**
	 * Return how many messages were received from the cluster's channel and delivered here.
	 * @return the count
	 * @since 0.2.0
	 */
	public long getClusterReceived() {
		return this.clusterReceived.sum();
	}

	/**
	 * Return how many messages for the other instances were dropped: while Redis was unreachable, or beyond the
	 * in-flight bound ({@code ws.cluster.publish-buffer}).
	 * @return the count
	 * @since 0.2.0
	 */
	public long getClusterDropped() {
		return this.clusterDropped.sum();
	}

	/**
	 * Return how many messages on the cluster's channel could not be read.
	 * @return the count
	 * @since 0.2.0
	 */
	public long getClusterMalformed() {
		return this.clusterMalformed.sum();
	}

	/**
	 * Return how many end-to-end probes through Redis did not come back in time.
	 * @return the count
	 * @since 0.2.0
	 */
	public long getClusterProbesLost() {
		return this.clusterProbesLost.sum();
	}

}
