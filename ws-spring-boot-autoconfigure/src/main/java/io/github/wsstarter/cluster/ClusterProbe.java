package io.github.wsstarter.cluster;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The end-to-end check of one instance: a probe published on the broadcast channel every interval, which must come
 * back through Redis and this instance's delivery thread within 2 s. Not thread-safe: the cluster calls it under its
 * lock, but for {@link #lastRoundTrip()}.
 *
 * @author ws-spring-boot-starter team
 */
final class ClusterProbe {

	static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);

	private final RedisLink link;

	private final byte[] channel;

	private final ClusterEnvelope envelope;

	private final long intervalNanos;

	private long sentAt;

	private @Nullable String pending;

	private volatile @Nullable Duration lastRoundTrip;

	ClusterProbe(RedisLink link, byte[] channel, ClusterEnvelope envelope, Duration interval) {
		this.link = link;
		this.channel = channel;
		this.envelope = envelope;
		this.intervalNanos = interval.toNanos();
	}

	/** Whether a probe is out and not back yet. */
	boolean isPending() {
		return this.pending != null;
	}

	/** Whether the next probe is due: none out, and the interval passed since the last one. */
	boolean isDue(long now) {
		return this.pending == null && now - this.sentAt >= this.intervalNanos;
	}

	/** Send a probe; one that Redis does not take now is due again at once. */
	void send(long now) {
		String nonce = UUID.randomUUID().toString();
		this.sentAt = now;
		this.pending = nonce;
		if (this.link.publish(this.channel, this.envelope.probe(nonce), true) == null) {
			this.pending = null;
			this.sentAt = now - this.intervalNanos;
		}
	}

	/** Whether the probe out has been out for longer than 2 s. */
	boolean isLate(long now) {
		return this.pending != null && now - this.sentAt > TIMEOUT_NANOS;
	}

	/**
	 * Take a probe of this process back.
	 * @return whether it was the one out
	 */
	boolean returned(String nonce) {
		if (!nonce.equals(this.pending)) {
			return false;
		}
		this.pending = null;
		this.lastRoundTrip = Duration.ofNanos(System.nanoTime() - this.sentAt);
		return true;
	}

	/** Forget the probe out, if any: the link went down. */
	void forget() {
		this.pending = null;
	}

	/** How long the last probe took to come back, or {@code null} before the first; any thread. */
	@Nullable Duration lastRoundTrip() {
		return this.lastRoundTrip;
	}

}
