package io.github.wsstarter.session;

import java.nio.ByteBuffer;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Whether one session is alive and behaving: when it last sent and received, the heartbeat ping in flight and the
 * round trip of the last one answered, and its message-rate budget (a token bucket). The monitor asks for a
 * {@link #check verdict}; the session acts on it.
 *
 * @author ws-spring-boot-starter team
 */
final class SessionLiveness {

	/** What the monitor should do about a session now. */
	enum Verdict {

		/** Nothing. */
		ALIVE,

		/** Close it: no message either way for the idle timeout. */
		IDLE,

		/** Close it: the ping in flight was not answered within the heartbeat timeout. */
		NO_PONG,

		/** Send a ping: see {@link #newPing(long)}. */
		PING

	}

	private final WsSessionSettings settings;

	private volatile long lastReceived = System.nanoTime();

	private volatile long lastSent = this.lastReceived;

	/** The payload of the ping awaiting its pong, {@code 0} if none is. */
	private volatile long pingStamp;

	/** {@code System.nanoTime()} when that ping was written, {@code 0} while it waits in the queue. */
	private volatile long pingSent;

	private volatile long lastPing = this.lastReceived;

	private volatile @Nullable Duration lastRoundTripTime;

	// Rate limit: used only by the container thread that delivers the session's messages
	private double tokens;

	private long tokensRefilled = this.lastReceived;

	SessionLiveness(WsSessionSettings settings) {
		this.settings = settings;
		this.tokens = settings.maxMessagesPerSecond();
	}

	/**
	 * Note that a message arrived, and spend a token of the rate limit.
	 * @return {@code false} if the message exceeds {@code ws.max-messages-per-second}
	 */
	boolean received() {
		long now = System.nanoTime();
		this.lastReceived = now;
		int rate = this.settings.maxMessagesPerSecond();
		if (rate == 0) {
			return true;
		}
		this.tokens = Math.min(rate, this.tokens + (now - this.tokensRefilled) * rate / 1e9);
		this.tokensRefilled = now;
		if (this.tokens < 1) {
			return false;
		}
		this.tokens--;
		return true;
	}

	/** Note that part of a message arrived: a large message read slowly in parts is not idle. */
	void partReceived() {
		this.lastReceived = System.nanoTime();
	}

	/** Note that a message was written; pings are not messages. */
	void sent() {
		this.lastSent = System.nanoTime();
	}

	/** Note that the ping in flight has been written: its timeout runs from now. */
	void pingWritten() {
		this.pingSent = System.nanoTime();
	}

	/**
	 * Take a pong: if it answers the ping in flight, record and return the round-trip time.
	 * @return the round-trip time, or {@code null} for a pong that answers no ping of ours
	 */
	@Nullable Duration pong(ByteBuffer payload) {
		long stamp = this.pingStamp;
		if (stamp == 0 || payload.remaining() != Long.BYTES || payload.getLong(payload.position()) != stamp) {
			return null;
		}
		long sent = (this.pingSent != 0) ? this.pingSent : stamp;
		this.pingStamp = 0;
		this.pingSent = 0;
		Duration rtt = Duration.ofNanos(System.nanoTime() - sent);
		this.lastRoundTripTime = rtt;
		return rtt;
	}

	@Nullable Duration lastRoundTripTime() {
		return this.lastRoundTripTime;
	}

	Verdict check(long now) {
		Duration idleTimeout = this.settings.idleTimeout();
		if (idleTimeout != null && now - Math.max(this.lastReceived, this.lastSent) > idleTimeout.toNanos()) {
			return Verdict.IDLE;
		}
		Duration interval = this.settings.heartbeatInterval();
		if (interval == null) {
			return Verdict.ALIVE;
		}
		if (this.pingStamp != 0) {
			// The timeout runs from when the ping was written: one waiting behind a backlog is the send limits' case
			long sent = this.pingSent;
			return (sent != 0 && now - sent > this.settings.heartbeatTimeout().toNanos()) ? Verdict.NO_PONG
					: Verdict.ALIVE;
		}
		return (now - this.lastPing >= interval.toNanos()) ? Verdict.PING : Verdict.ALIVE;
	}

	/**
	 * Start a new ping.
	 * @return the payload to send, which the pong must echo
	 */
	long newPing(long now) {
		long stamp = now | 1;
		this.lastPing = now;
		this.pingSent = 0;
		this.pingStamp = stamp;
		return stamp;
	}

}
