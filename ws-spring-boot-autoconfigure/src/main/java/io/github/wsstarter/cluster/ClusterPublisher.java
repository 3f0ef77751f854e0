package io.github.wsstarter.cluster;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

import io.github.wsstarter.session.WsStatistics;

/**
 * This instance's broadcasts and commands on their way to the other instances: numbered and handed to Redis under one
 * lock, so that the numbers are in the order Redis gets the messages. Never waits: a message is dropped and counted
 * while the cluster is not delivering, when Redis refuses it (too many in flight), when it is larger than
 * {@code ws.cluster.max-message-size}, or when Redis does not take it after all. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
final class ClusterPublisher {

	/** Room kept in the size limit for the number that goes in front. */
	private static final int NUMBER_ROOM = 32;

	private final RedisLink link;

	private final byte[] channel;

	private final String channelName;

	private final WsStatistics statistics;

	private final ClusterWarnings warnings;

	private final long maxMessageSize;

	private final BooleanSupplier delivering;

	private final Object lock = new Object();

	/** The number of the last message handed to Redis; guarded by the lock. */
	private long seq;

	ClusterPublisher(RedisLink link, String channel, WsStatistics statistics, ClusterWarnings warnings,
			long maxMessageSize, BooleanSupplier delivering) {
		this.link = link;
		this.channel = channel.getBytes(StandardCharsets.UTF_8);
		this.channelName = channel;
		this.statistics = statistics;
		this.warnings = warnings;
		this.maxMessageSize = maxMessageSize;
		this.delivering = delivering;
	}

	/**
	 * Publish an encoded envelope, numbered.
	 * @param message the envelope, as {@link ClusterEnvelope} writes it
	 */
	void publish(byte[] message) {
		if (message.length + NUMBER_ROOM > this.maxMessageSize) {
			this.statistics.clusterDropped();
			this.warnings.tooLarge(this.channelName, message.length, this.maxMessageSize);
			return;
		}
		CompletionStage<Long> sent = null;
		if (this.delivering.getAsBoolean()) {
			synchronized (this.lock) {
				sent = this.link.publish(this.channel, ClusterEnvelope.numbered(message, this.seq + 1), false);
				if (sent != null) {
					this.seq++;
				}
			}
		}
		if (sent == null) {
			this.statistics.clusterDropped();
			return;
		}
		sent.whenComplete((receivers, ex) -> {
			if (ex == null) {
				this.statistics.clusterPublished();
			}
			else {
				this.statistics.clusterDropped();
			}
		});
	}

}
