package io.github.wsstarter;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.web.socket.CloseStatus;

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
 * fell too far behind) never stops delivery to the others and is never thrown to the caller.
 * <p>
 * With {@code ws.cluster.enabled=true}, broadcasts ({@code sendAll}, {@code sendAllExcept}, {@code sendToRoom}) and
 * everything addressed to a session id ({@code send}, {@code close}, {@code join}, {@code leave}) reach the sessions
 * of every instance, each once; the sessions of this instance get them directly, without a round trip through Redis.
 * What one thread sends reaches every session, on every instance, in the order it was sent. No method waits on the
 * network. A filtered {@code sendAll} reaches the sessions of this instance only, since its filter is code that runs
 * here.
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
	 * @return {@code true} if the session is open on this instance (and the message was handed to it) or known to be
	 * open on another instance (and the message is on its way there); {@code false} if no live instance has it
	 */
	boolean send(String sessionId, Object message);

	/**
	 * Close the session with the given id, on whichever instance it is connected, after what was already sent to it.
	 * @param sessionId the session id
	 * @param status the close code and reason to send to the client
	 * @return {@code true} if the session is open here or known to be open on another instance
	 * @throws IllegalArgumentException if a server may not send the code, or the reason is over 123 bytes of UTF-8
	 * (as for {@link WsSession#close(CloseStatus)})
	 * @since 0.2.0
	 */
	boolean close(String sessionId, CloseStatus status);

	/**
	 * Add the session with the given id to a room, on whichever instance it is connected.
	 * @param sessionId the session id
	 * @param room the room name
	 * @return {@code true} if the session is open here or known to be open on another instance
	 * @since 0.2.0
	 */
	boolean join(String sessionId, String room);

	/**
	 * Remove the session with the given id from a room, on whichever instance it is connected.
	 * @param sessionId the session id
	 * @param room the room name
	 * @return {@code true} if the session is open here or known to be open on another instance
	 * @since 0.2.0
	 */
	boolean leave(String sessionId, String room);

	/**
	 * Send a message to every open session, on every endpoint.
	 * @param message the message
	 */
	void sendAll(Object message);

	/**
	 * Send a message to every open session <em>of this instance</em> that the filter accepts; in a cluster, the
	 * sessions of other instances do not get it, since the filter is code that runs here. The filter is called once per
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
