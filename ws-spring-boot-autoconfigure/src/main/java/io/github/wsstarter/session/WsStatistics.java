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

}
