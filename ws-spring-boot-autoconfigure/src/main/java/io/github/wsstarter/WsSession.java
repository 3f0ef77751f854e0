package io.github.wsstarter;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * One open WebSocket connection on the server, as handed to {@code @WsOn*} methods and listed by
 * {@link WsBroadcaster#sessions()}: a {@link WsConnection} with a path, a client address, a principal and rooms.
 * <p>
 * All methods are safe to call from any thread at any time, including after the session has closed: sends to a closed
 * session are ignored and return {@code false}, and room changes of a closed session have no effect. Messages sent
 * from one thread arrive in the order they were sent, and frames are never interleaved.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public interface WsSession extends WsConnection {

	/**
	 * Return the unique id of this session, assigned by the server at the handshake.
	 * @return the session id, never {@code null}
	 */
	String id();

	/**
	 * Return the path of the endpoint that this session connected to, such as {@code /ws}.
	 * @return the endpoint path
	 */
	String path();

	/**
	 * Return the URI of the handshake request, query string included.
	 * @return the handshake URI
	 */
	URI uri();

	/**
	 * Return the user authenticated on the handshake request, if the application authenticates one.
	 * @return the principal, or {@code null} for an anonymous connection
	 */
	@Nullable Principal principal();

	/**
	 * Return the address of the client, as the container sees it (a proxy's address behind a proxy that does not
	 * forward it).
	 * @return the remote address, or {@code null} if the container does not expose one
	 */
	@Nullable InetSocketAddress remoteAddress();

	/**
	 * Return the attributes of this connection: the handshake attributes, then whatever the application stores. The
	 * map is thread-safe and lives as long as the session.
	 * @return the mutable, thread-safe attribute map
	 */
	Map<String, Object> attributes();

	/**
	 * Return when the handshake completed.
	 * @return the opening instant
	 */
	Instant openedAt();

	/**
	 * Return the round-trip time of the last heartbeat ping that the client answered.
	 * @return the last round-trip time, or {@code null} before the first answer
	 */
	@Nullable Duration lastRoundTripTime();

	/**
	 * Return whether the session is still open. A session may close at any time, so a {@code true} answer is
	 * already a guess by the time it is used; sending to a closed session is harmless.
	 * @return {@code true} while open
	 */
	boolean isOpen();

	/**
	 * Send a message to this client: a {@code String} as a text frame, a {@code byte[]} or {@code ByteBuffer} as a
	 * binary frame (its content is copied), anything else as JSON in a text frame. The call never waits for the
	 * network: the message joins the session's outbound queue, which is written as fast as the client reads. A
	 * client that falls too far behind is closed with 1008 (or, with {@code ws.overflow-strategy=drop}, its oldest
	 * queued messages are dropped).
	 * @param message the message to send
	 * @return {@code true} if the message was handed to the connection, {@code false} if the session is closed
	 * @throws WsException if the message cannot be written as JSON
	 */
	boolean send(Object message);

	/**
	 * Close the session with the given status. Does nothing if it is already closed.
	 * @param status the close code and reason to send to the client
	 * @throws IllegalArgumentException if a server may not send the code (1000-1003, 1007-1009, 1011-1013 and
	 * 3000-4999 it may), or the reason is longer than 123 bytes of UTF-8
	 */
	void close(CloseStatus status);

	/**
	 * Add this session to a room, creating the room if needed. Joining a room twice is the same as joining once.
	 * @param room the room name
	 */
	void join(String room);

	/**
	 * Remove this session from a room. Rooms are left automatically when the session closes.
	 * @param room the room name
	 */
	void leave(String room);

	/**
	 * Return the rooms this session is in.
	 * @return an unmodifiable snapshot of the room names
	 */
	Set<String> rooms();

}
