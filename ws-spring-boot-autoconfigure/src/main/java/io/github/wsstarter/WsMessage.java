package io.github.wsstarter;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * A received frame with its session and time of arrival, for {@link WsOnMessage} methods that want more than the
 * payload or that take both text and binary frames.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public interface WsMessage {

	/**
	 * Return the session that sent this message. On a {@link WsClient}'s connection, this is the session under the
	 * connection, which changes with each reconnect: use {@link #connection()} there.
	 * @return the session
	 */
	WsSession session();

	/**
	 * Return the connection this message came on: the session on a server, the {@link WsClientConnection} on a
	 * client.
	 * @return the connection, never {@code null}
	 * @since 0.3.0
	 */
	default WsConnection connection() {
		return session();
	}

	/**
	 * Return when the server received the complete message.
	 * @return the instant of arrival
	 */
	Instant receivedAt();

	/**
	 * Return whether this is a text frame.
	 * @return {@code true} for text, {@code false} for binary
	 */
	boolean isText();

	/**
	 * Return the text of a text frame.
	 * @return the text
	 * @throws IllegalStateException if this is a binary frame
	 */
	String text();

	/**
	 * Return the content of a binary frame as a read-only buffer.
	 * @return a read-only view of the content
	 * @throws IllegalStateException if this is a text frame
	 */
	ByteBuffer binary();

}
