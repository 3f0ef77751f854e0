package io.github.wsstarter;

/**
 * Why a session closed, for {@link WsOnClose} methods that take it. Each close path sets exactly one cause.
 * <p>
 * The names read from a server's side. On a {@link WsClient}'s connection, the peer is the server:
 * {@link #CLIENT_CLOSED} means that the server sent a close frame (its code is in the {@code CloseStatus}),
 * {@link #SHUTDOWN} that it sent 1001 or that the client was closed, and {@link #SERVER_CLOSED} that the
 * application closed the connection.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public enum WsCloseCause {

	/** The client sent a close frame. */
	CLIENT_CLOSED,

	/** The application closed the session with {@link WsSession#close()} or {@link WsSession#close(
	 * org.springframework.web.socket.CloseStatus)}. */
	SERVER_CLOSED,

	/** The connection ended without a close frame (1006): network lost, browser killed, process died. */
	DROPPED,

	/** The client answered no ping within {@code ws.heartbeat.timeout}; reported with 1006. */
	HEARTBEAT_TIMEOUT,

	/** No message in either direction for {@code ws.idle-timeout}; closed with 1001. */
	IDLE_TIMEOUT,

	/** The client read too slowly: {@code ws.send-time-limit} or {@code ws.send-buffer-size-limit} was exceeded;
	 * closed with 1008. */
	SLOW_CONSUMER,

	/** A message exceeded {@code ws.max-text-message-size} or {@code ws.max-binary-message-size}; closed with 1009. */
	MESSAGE_TOO_BIG,

	/** A frame could not be read: invalid UTF-8, unreadable JSON, a kind no method accepts (1007 or 1003). */
	INVALID_PAYLOAD,

	/** The client sent more than {@code ws.max-messages-per-second}; closed with 1008. */
	RATE_LIMITED,

	/** A handler method threw and no {@link WsOnError} method took the error; closed with 1011. */
	HANDLER_ERROR,

	/** The application is shutting down, or {@link WsBroadcaster#shutdown()} was called; closed with 1001. */
	SHUTDOWN

}
