package io.github.wsstarter.session;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The limits that apply to every session, from the {@code ws.*} properties. Immutable.
 *
 * @param sendTimeLimit how long one write to a client may take before it is closed as a slow consumer
 * @param sendBufferSizeLimit how many bytes may wait for one client before it is closed as a slow consumer (or its
 * oldest messages dropped)
 * @param dropOnOverflow whether to drop the oldest waiting messages instead of closing a client over the buffer limit
 * @param maxMessagesPerSecond how many messages a client may send per second (a token bucket with a burst of the same
 * size), or {@code 0} for no limit
 * @param heartbeatInterval how often to ping each client, or {@code null} for no heartbeat
 * @param heartbeatTimeout how long to wait for the pong before the connection counts as dead
 * @param idleTimeout how long a session may go without a message in either direction, or {@code null} for ever
 * @param maxTextMessageSize the largest text message taken, in characters; a larger one closes the session (1009)
 * @param maxBinaryMessageSize the largest binary message taken, in bytes; a larger one closes the session (1009)
 * @param directWrites whether to write frames straight to Tomcat's connection, several at a time, where that is
 * possible, rather than one by one through the Jakarta API
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public record WsSessionSettings(Duration sendTimeLimit, long sendBufferSizeLimit, boolean dropOnOverflow,
		int maxMessagesPerSecond, @Nullable Duration heartbeatInterval, Duration heartbeatTimeout,
		@Nullable Duration idleTimeout, int maxTextMessageSize, int maxBinaryMessageSize, boolean directWrites) {

	/**
	 * Spring's defaults for the send limits, no heartbeat, no rate limit, no idle timeout, 64K message limits, direct
	 * writes.
	 */
	public static final WsSessionSettings DEFAULTS = new WsSessionSettings(Duration.ofSeconds(10), 512 * 1024, false, 0,
			null, Duration.ofSeconds(10), null, 64 * 1024, 64 * 1024, true);

	/**
	 * Check the settings.
	 * @param sendTimeLimit how long one write may take
	 * @param sendBufferSizeLimit how many bytes may wait
	 * @param dropOnOverflow whether to drop instead of closing
	 * @param maxMessagesPerSecond the rate limit, {@code 0} for none
	 * @param heartbeatInterval how often to ping, or {@code null}
	 * @param heartbeatTimeout how long to wait for the pong
	 * @param idleTimeout the idle timeout, or {@code null}
	 * @param maxTextMessageSize the largest text message, in characters
	 * @param maxBinaryMessageSize the largest binary message, in bytes
	 */
	public WsSessionSettings {
		Assert.isTrue(sendTimeLimit.toMillis() > 0, "'sendTimeLimit' must be positive");
		Assert.isTrue(sendBufferSizeLimit > 0, "'sendBufferSizeLimit' must be positive");
		Assert.isTrue(maxMessagesPerSecond >= 0, "'maxMessagesPerSecond' must not be negative");
		Assert.isTrue(heartbeatTimeout.toMillis() > 0, "'heartbeatTimeout' must be positive");
		Assert.isTrue(maxTextMessageSize > 0 && maxBinaryMessageSize > 0, "message size limits must be positive");
	}

	long sendTimeLimitNanos() {
		return this.sendTimeLimit.toNanos();
	}

}
