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
 * @param clientFaultWarningsPerMinute how many WARNs per minute and cause the faults of clients get (slow reading,
 * floods, unreadable messages); the rest go to DEBUG, summed up once a minute
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public record WsSessionSettings(Duration sendTimeLimit, long sendBufferSizeLimit, boolean dropOnOverflow,
		int maxMessagesPerSecond, @Nullable Duration heartbeatInterval, Duration heartbeatTimeout,
		@Nullable Duration idleTimeout, int maxTextMessageSize, int maxBinaryMessageSize,
		int clientFaultWarningsPerMinute) {

	/**
	 * The defaults of the {@code ws.*} properties: Spring's send limits, a heartbeat every 25 seconds with a 10 second
	 * timeout, no rate limit, no idle timeout, 64K message limits.
	 */
	public static final WsSessionSettings DEFAULTS = new WsSessionSettings(Duration.ofSeconds(10), 512 * 1024, false, 0,
			Duration.ofSeconds(25), Duration.ofSeconds(10), null, 64 * 1024, 64 * 1024, 10);

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
	 * @param clientFaultWarningsPerMinute WARNs per minute and cause for clients' faults
	 */
	public WsSessionSettings {
		Assert.isTrue(sendTimeLimit.toMillis() > 0, "'sendTimeLimit' must be positive");
		Assert.isTrue(sendBufferSizeLimit > 0, "'sendBufferSizeLimit' must be positive");
		Assert.isTrue(maxMessagesPerSecond >= 0, "'maxMessagesPerSecond' must not be negative");
		Assert.isTrue(heartbeatTimeout.toMillis() > 0, "'heartbeatTimeout' must be positive");
		Assert.isTrue(maxTextMessageSize > 0 && maxBinaryMessageSize > 0, "message size limits must be positive");
		Assert.isTrue(clientFaultWarningsPerMinute >= 0, "'clientFaultWarningsPerMinute' must not be negative");
	}

}
