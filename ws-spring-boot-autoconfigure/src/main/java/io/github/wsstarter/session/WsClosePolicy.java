package io.github.wsstarter.session;

import io.github.wsstarter.WsCloseCause;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * The one table of how a session closes, by {@link WsCloseCause}: the status the server sends, the status
 * {@code @WsOnClose} reports, and whether the TCP connection is ended at once rather than after the client's close
 * frame (a peer that answers no ping, or reads nothing, will not answer that either). The README's table of close codes
 * is this class.
 *
 * @author ws-spring-boot-starter team
 */
public final class WsClosePolicy {

	/** Sent for {@link WsCloseCause#SLOW_CONSUMER}; also reported, since the client may never see it. */
	public static final CloseStatus SLOW_CONSUMER = CloseStatus.POLICY_VIOLATION.withReason("slow consumer");

	/** Sent for {@link WsCloseCause#IDLE_TIMEOUT}. */
	public static final CloseStatus IDLE = CloseStatus.GOING_AWAY.withReason("idle timeout");

	/** Sent for {@link WsCloseCause#HEARTBEAT_TIMEOUT}, if the socket still takes it. */
	public static final CloseStatus HEARTBEAT_SENT = CloseStatus.GOING_AWAY.withReason("heartbeat timeout");

	/** Reported for {@link WsCloseCause#HEARTBEAT_TIMEOUT}: the connection is as good as dropped. */
	public static final CloseStatus HEARTBEAT_REPORTED = CloseStatus.NO_CLOSE_FRAME.withReason("heartbeat timeout");

	/** Sent for {@link WsCloseCause#RATE_LIMITED}. */
	public static final CloseStatus RATE_LIMIT = CloseStatus.POLICY_VIOLATION.withReason("rate limit");

	/** Sent for {@link WsCloseCause#MESSAGE_TOO_BIG}. */
	public static final CloseStatus TOO_BIG = CloseStatus.TOO_BIG_TO_PROCESS.withReason("message too big");

	/** Sent for {@link WsCloseCause#INVALID_PAYLOAD} when a message cannot be read. */
	public static final CloseStatus INVALID_PAYLOAD = CloseStatus.BAD_DATA.withReason("Invalid payload");

	/** Sent for {@link WsCloseCause#INVALID_PAYLOAD} when the endpoint takes no text. */
	public static final CloseStatus TEXT_NOT_ACCEPTED = CloseStatus.NOT_ACCEPTABLE
		.withReason("Text messages not accepted");

	/** Sent for {@link WsCloseCause#INVALID_PAYLOAD} when the endpoint takes no binary messages. */
	public static final CloseStatus BINARY_NOT_ACCEPTED = CloseStatus.NOT_ACCEPTABLE
		.withReason("Binary messages not accepted");

	/** Sent for {@link WsCloseCause#HANDLER_ERROR}. */
	public static final CloseStatus INTERNAL_ERROR = CloseStatus.SERVER_ERROR.withReason("Internal error");

	private WsClosePolicy() {
	}

	/**
	 * Return the status the server closes with for a cause of its own.
	 * @param cause the cause
	 * @return the status; {@link CloseStatus#NORMAL} for {@link WsCloseCause#SERVER_CLOSED}, whose status the
	 * application chooses
	 */
	public static CloseStatus status(WsCloseCause cause) {
		return switch (cause) {
			case SLOW_CONSUMER -> SLOW_CONSUMER;
			case IDLE_TIMEOUT -> IDLE;
			case HEARTBEAT_TIMEOUT -> HEARTBEAT_SENT;
			case RATE_LIMITED -> RATE_LIMIT;
			case MESSAGE_TOO_BIG -> TOO_BIG;
			case INVALID_PAYLOAD -> INVALID_PAYLOAD;
			case HANDLER_ERROR -> INTERNAL_ERROR;
			case SHUTDOWN -> CloseStatus.GOING_AWAY;
			case DROPPED -> CloseStatus.NO_CLOSE_FRAME;
			case CLIENT_CLOSED, SERVER_CLOSED -> CloseStatus.NORMAL;
		};
	}

	/**
	 * Return whether closing for a cause ends the TCP connection at once: the peer is not expected to answer.
	 * @param cause the cause
	 * @return {@code true} for a heartbeat timeout, a slow consumer and a dropped connection
	 */
	public static boolean closesSocket(WsCloseCause cause) {
		return cause == WsCloseCause.HEARTBEAT_TIMEOUT || cause == WsCloseCause.SLOW_CONSUMER
				|| cause == WsCloseCause.DROPPED;
	}

	/**
	 * Return the status {@code @WsOnClose} reports.
	 * @param cause why the session closed
	 * @param received the status the container reported
	 * @return the status to report
	 */
	public static CloseStatus reported(WsCloseCause cause, CloseStatus received) {
		return switch (cause) {
			case HEARTBEAT_TIMEOUT -> HEARTBEAT_REPORTED;
			// A stuck client may never see the close frame: the container then reports 1006
			case SLOW_CONSUMER -> SLOW_CONSUMER;
			default -> received;
		};
	}

	/**
	 * Return the cause of a close this side did not start: the peer's, or the container's on its own (a frame it
	 * could not read, a message over its limit, a connection that broke). A client reads a server's 1001 as the
	 * server going away ({@link WsCloseCause#SHUTDOWN}); a server reads a browser's 1001 (a page left) as the client
	 * closing.
	 * @param received the status the container reported
	 * @param peerIsServer whether this side is a client
	 * @return the cause
	 */
	public static WsCloseCause inferred(CloseStatus received, boolean peerIsServer) {
		return switch (received.getCode()) {
			case 1001 -> peerIsServer ? WsCloseCause.SHUTDOWN : WsCloseCause.CLIENT_CLOSED;
			case 1006 -> WsCloseCause.DROPPED;
			case 1009 -> WsCloseCause.MESSAGE_TOO_BIG;
			case 1007, 1002 -> WsCloseCause.INVALID_PAYLOAD;
			default -> WsCloseCause.CLIENT_CLOSED;
		};
	}

	/**
	 * Return whether a server may send this close code (RFC 6455 section 7.4, and the registered application and
	 * private ranges).
	 * @param code the close code
	 * @return {@code true} for 1000-1003, 1007-1009, 1011-1013 and 3000-4999
	 */
	public static boolean isSendable(int code) {
		return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1009) || (code >= 1011 && code <= 1013)
				|| (code >= 3000 && code <= 4999);
	}

	/**
	 * Check a close status that application code asked for.
	 * @param status the status
	 * @throws IllegalArgumentException if a server may not send its code, or its reason is over 123 bytes of UTF-8
	 */
	public static void checkSendable(CloseStatus status) {
		Assert.notNull(status, "'status' must not be null");
		Assert.isTrue(isSendable(status.getCode()), () -> "Close code " + status.getCode()
				+ " may not be sent by a server: expected 1000-1003, 1007-1009, 1011-1013 or 3000-4999");
		Assert.isTrue(status.getReason() == null
				|| status.getReason().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123,
				"A close reason is at most 123 bytes of UTF-8");
	}

}
