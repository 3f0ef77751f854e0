package io.github.wsstarter;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.util.Assert;

/**
 * When a {@link WsClient} connects again after losing a connection: exponential backoff with full jitter. The
 * {@code n}-th attempt after a loss waits a random time between zero and {@code min(max, initial * 2^(n-1))}, so
 * that many clients cut off at once do not come back at once. Attempts go on forever unless
 * {@link #maxAttempts(int)} limits them. The count starts again once a reconnected connection has lasted
 * {@code max}; one that is closed sooner counts as a failed attempt, so that a server that takes connections and
 * closes them at once sees the waits grow, and the limit applies.
 * <p>
 * Immutable and thread-safe.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public final class ReconnectPolicy {

	private final Duration initial;

	private final Duration max;

	private final int maxAttempts;

	private final int bufferWhileDisconnected;

	private ReconnectPolicy(Duration initial, Duration max, int maxAttempts, int bufferWhileDisconnected) {
		this.initial = initial;
		this.max = max;
		this.maxAttempts = maxAttempts;
		this.bufferWhileDisconnected = bufferWhileDisconnected;
	}

	/**
	 * Return a policy of exponential backoff with full jitter that never gives up.
	 * @param initial the longest wait before the first attempt; doubled for each further attempt
	 * @param max the longest wait before any attempt
	 * @return the policy
	 * @throws IllegalArgumentException if {@code initial} is not positive or {@code max} is shorter than it
	 */
	public static ReconnectPolicy backoff(Duration initial, Duration max) {
		Assert.isTrue(initial != null && initial.toMillis() > 0, "'initial' must be at least 1 ms");
		Assert.isTrue(max != null && max.compareTo(initial) >= 0, "'max' must not be shorter than 'initial'");
		return new ReconnectPolicy(initial, max, Integer.MAX_VALUE, 0);
	}

	/**
	 * Return a copy of this policy that gives up after the given number of failed attempts in a row; the connection
	 * is then closed for good.
	 * @param maxAttempts the attempts after one loss, at least 1
	 * @return the new policy
	 */
	public ReconnectPolicy maxAttempts(int maxAttempts) {
		Assert.isTrue(maxAttempts >= 1, "'maxAttempts' must be at least 1");
		return new ReconnectPolicy(this.initial, this.max, maxAttempts, this.bufferWhileDisconnected);
	}

	/**
	 * Return a copy of this policy that keeps what is sent while disconnected, up to {@code maxBytes} of payload,
	 * and sends it in order after the reconnect's {@code @WsOnInit} methods: the same as
	 * {@link WsClient.Builder#bufferWhileDisconnected(int)}, which wins when both are set.
	 * @param maxBytes the payload bytes kept (at most 512 KB), 0 to keep none
	 * @return the new policy
	 */
	public ReconnectPolicy bufferWhileDisconnected(int maxBytes) {
		Assert.isTrue(maxBytes >= 0, "'maxBytes' must not be negative");
		return new ReconnectPolicy(this.initial, this.max, this.maxAttempts, maxBytes);
	}

	/**
	 * Return how many bytes of payload this policy keeps while disconnected.
	 * @return the bytes, 0 for none (sends while disconnected throw)
	 */
	public int bufferWhileDisconnected() {
		return this.bufferWhileDisconnected;
	}

	/**
	 * Return the longest wait before the first attempt.
	 * @return the initial backoff
	 */
	public Duration initial() {
		return this.initial;
	}

	/**
	 * Return the longest wait before any attempt.
	 * @return the cap of the backoff
	 */
	public Duration max() {
		return this.max;
	}

	/**
	 * Return how many attempts in a row may fail before the client gives up.
	 * @return the limit, {@link Integer#MAX_VALUE} for never
	 */
	public int maxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Return the longest wait before an attempt: {@code min(max, initial * 2^(attempt-1))}.
	 * @param attempt the attempt after a loss, from 1
	 * @return the bound of the wait
	 */
	public Duration maxDelay(int attempt) {
		Assert.isTrue(attempt >= 1, "'attempt' must be at least 1");
		int doublings = Math.min(attempt - 1, 40);
		long millis = this.initial.toMillis();
		long bounded = (millis > (Long.MAX_VALUE >> doublings)) ? Long.MAX_VALUE : millis << doublings;
		return Duration.ofMillis(Math.min(bounded, this.max.toMillis()));
	}

	/**
	 * Return a random wait before an attempt, between zero and {@link #maxDelay(int)}.
	 * @param attempt the attempt after a loss, from 1
	 * @return the wait
	 */
	public Duration delay(int attempt) {
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(maxDelay(attempt).toMillis() + 1));
	}

	@Override
	public String toString() {
		return "ReconnectPolicy[backoff " + this.initial + " to " + this.max + ", "
				+ ((this.maxAttempts == Integer.MAX_VALUE) ? "never giving up" : "at most " + this.maxAttempts
						+ " attempts")
				+ ((this.bufferWhileDisconnected > 0) ? ", keeping " + this.bufferWhileDisconnected + " bytes" : "")
				+ "]";
	}

}
