package io.github.wsstarter;

import java.net.URI;
import java.util.Map;

import org.springframework.web.socket.CloseStatus;

/**
 * One open WebSocket connection, seen from either end: what a {@link WsClient} connects, and what a server's
 * {@link WsSession} is too. The same sending surface on both sides.
 * <p>
 * All methods are safe to call from any thread at any time, including after the connection has closed: sends to a
 * closed connection are ignored and return {@code false}. Messages sent from one thread arrive in the order they
 * were sent, and frames are never interleaved.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public interface WsConnection {

	/**
	 * Return the id of this connection, unique in this process (across the instances of a cluster, for a server's
	 * sessions).
	 * @return the id, never {@code null}
	 */
	String id();

	/**
	 * Return the URI the connection was opened with.
	 * @return the URI
	 */
	URI uri();

	/**
	 * Return this connection's attributes: a thread-safe map for the application's own state, empty at first on
	 * a client (a server session holds what handshake interceptors put there).
	 * @return the mutable attribute map, never {@code null}
	 */
	Map<String, Object> attributes();

	/**
	 * Return whether the connection is still open.
	 * @return {@code true} while open
	 */
	boolean isOpen();

	/**
	 * Send a message: a {@code String} as a text frame, a {@code byte[]} or {@code ByteBuffer} as a binary frame
	 * (its content is copied), anything else as JSON in a text frame. Never waits for the network.
	 * @param message the message to send
	 * @return {@code true} if the message was handed to the connection, {@code false} if it is closed
	 * @throws WsException if the message cannot be written as JSON
	 */
	boolean send(Object message);

	/**
	 * Close the connection normally (1000), after what is queued: {@code close(CloseStatus.NORMAL)}. Does nothing if
	 * it is already closed.
	 */
	default void close() {
		close(CloseStatus.NORMAL);
	}

	/**
	 * Close the connection with the given status, after what is queued. Does nothing if it is already closed.
	 * @param status the close code and reason to send
	 * @throws IllegalArgumentException if the code may not be sent (1000-1003, 1007-1009, 1011-1013 and 3000-4999
	 * may), or the reason is longer than 123 bytes of UTF-8
	 */
	void close(CloseStatus status);

}
