package io.github.wsstarter.session;

import java.time.Duration;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;

import org.springframework.web.socket.CloseStatus;

/**
 * Told what happens on the sessions of one endpoint. Obtained once per endpoint from {@link WsObserver}, so that an
 * implementation resolves its meters once, not per message. Every method has a do-nothing default.
 * <p>
 * Thread-safe, cheap and never throwing: called on the message path, on any thread. Each session is reported opened
 * once and closed once; messages are counted when the starter takes them, before they are written.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public interface WsEndpointObserver {

	/** An observer that observes nothing. */
	WsEndpointObserver NONE = new WsEndpointObserver() {
	};

	/** A session opened (before its {@code @WsOnInit} methods run). */
	default void sessionOpened(WsSession session) {
	}

	/**
	 * A session closed; called once, as its {@code @WsOnClose} methods are about to run.
	 * @param session the session
	 * @param status the close status as {@code @WsOnClose} sees it
	 * @param cause why it closed
	 * @param duration how long it was open
	 */
	default void sessionClosed(WsSession session, CloseStatus status, WsCloseCause cause, Duration duration) {
	}

	/**
	 * A whole message came from a client.
	 * @param binary whether it was binary (else text)
	 * @param bytes its size: bytes of a binary message, characters of a text message
	 */
	default void messageReceived(boolean binary, long bytes) {
	}

	/**
	 * A message was queued for a client: sent to one session, or one session's share of a broadcast.
	 * @param binary whether it is binary (else text)
	 * @param bytes its size: bytes of a binary message, characters of a text message
	 * @param waiting what waits to be written to this session with it, in the same units
	 */
	default void messageQueued(boolean binary, long bytes, long waiting) {
	}

	/** A message for a slow consumer was dropped ({@code ws.overflow-strategy=drop}). */
	default void messageDropped() {
	}

	/** A session was closed as a slow consumer. */
	default void slowConsumer() {
	}

	/** A session was closed for sending more messages per second than allowed. */
	default void rateLimited() {
	}

	/**
	 * A handshake to this endpoint was refused.
	 * @param reason {@code max-connections}, {@code per-client}, {@code origin}, {@code shutdown} or another short
	 * word
	 */
	default void handshakeRefused(String reason) {
	}

	/**
	 * A heartbeat pong came back.
	 * @param roundTrip the time since its ping was written
	 */
	default void heartbeatRoundTrip(Duration roundTrip) {
	}

	/** A session was closed because no pong came back in time. */
	default void heartbeatTimeout() {
	}

	/**
	 * Return the observer of one handler method of this endpoint; called once per method, before its first call.
	 * @param event {@code init}, {@code message}, {@code close}, {@code error} or {@code pong}
	 * @param method the method as {@code SimpleClassName.method}
	 * @return the method's observer, never {@code null}
	 */
	default WsHandlerObserver handler(String event, String method) {
		return WsHandlerObserver.NONE;
	}

}
