package io.github.wsstarter;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Sends messages to one, several or all open WebSocket sessions of the application. Inject it wherever messages
 * originate: a handler method, a scheduled task, a message listener.
 * <p>
 * Messages are encoded as by {@link WsSession#send(Object)}: a {@code String} as a text frame, a {@code byte[]} or
 * {@code ByteBuffer} as a binary frame, anything else as JSON in a text frame. A message for many sessions is encoded
 * once.
 * <p>
 * Every method is safe to call from any number of threads at once. Frames are never interleaved, and the messages
 * one thread sends to a session arrive in the order they were sent. A failure to reach one session (it closed, it
 * fell too far behind) never stops delivery to the others and is never thrown to the caller. Broadcasts
 * ({@code sendAll}, {@code sendAllExcept}, {@code sendToRoom}) and sends to a session id that is not connected here go
 * through a pluggable transport, so that a clustered transport can carry them to the sessions of other instances. A
 * filtered {@code sendAll} reaches the sessions of this instance only, since its filter is code that runs here.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public interface WsBroadcaster {

	/**
	 * Send a message to one session.
	 * @param session the session
	 * @param message the message
	 * @return {@code true} if it was handed to the connection, {@code false} if the session is closed
	 */
	boolean send(WsSession session, Object message);

	/**
	 * Send a message to the open session with the given id.
	 * @param sessionId the session id
	 * @param message the message
	 * @return {@code true} if it was handed to the connection, {@code false} if no open session of this instance has
	 * that id (a clustered transport still carries it to the other instances)
	 */
	boolean send(String sessionId, Object message);

	/**
	 * Send a message to every open session, on every endpoint.
	 * @param message the message
	 */
	void sendAll(Object message);

	/**
	 * Send a message to every open session of this instance that the filter accepts. The filter is called once per
	 * session, on the calling thread; an exception from it skips that session.
	 * @param message the message
	 * @param filter which sessions to send to
	 */
	void sendAll(Object message, Predicate<WsSession> filter);

	/**
	 * Send a message to every open session but one, typically the sender.
	 * @param except the session to leave out
	 * @param message the message
	 */
	void sendAllExcept(WsSession except, Object message);

	/**
	 * Send a message to every session in a room. A room with no session is not an error.
	 * @param room the room name
	 * @param message the message
	 */
	void sendToRoom(String room, Object message);

	/**
	 * Return the open sessions of this instance.
	 * @return an unmodifiable snapshot
	 */
	Collection<WsSession> sessions();

	/**
	 * Return the open session with the given id.
	 * @param id the session id
	 * @return the session, or empty if no open session has that id
	 */
	Optional<WsSession> session(String id);

	/**
	 * Close every open session with 1001 (going away), after what was already sent to it, and refuse new handshakes
	 * with HTTP 503 from then on; returns without waiting. Calling it again does nothing. When the application context
	 * closes, the same happens by itself, and the context's stop waits until every session's {@code @WsOnClose} has
	 * run (bounded), whether or not this was called before.
	 */
	void shutdown();

	/**
	 * Return whether new connections are refused: after {@link #shutdown()}, and while the application context is
	 * stopped.
	 * @return {@code true} while connections are refused
	 */
	boolean isShutdown();

}
