package io.github.wsstarter.session;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.WebSocketSession;

/**
 * The open sessions of this instance, by id, and the rooms they are in.
 * <p>
 * Thread-safe. A session enters at the handshake and leaves exactly once, when it closes, taking its rooms with it;
 * a room with no session left is removed.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class WsSessionRegistry {

	private final Map<String, DefaultWsSession> sessions = new ConcurrentHashMap<>();

	private final Map<String, Set<DefaultWsSession>> rooms = new ConcurrentHashMap<>();

	private final WsMessageEncoder encoder;

	private final int sendTimeLimit;

	private final int sendBufferSizeLimit;

	/**
	 * Create a registry.
	 * @param encoder the encoder that {@link io.github.wsstarter.WsSession#send(Object)} uses
	 * @param sendTimeLimit how long one send to a session may take before the session is closed as too slow
	 * @param sendBufferSizeLimit how much may wait to be sent to one session before it is closed as too slow
	 */
	public WsSessionRegistry(WsMessageEncoder encoder, Duration sendTimeLimit, DataSize sendBufferSizeLimit) {
		Assert.notNull(encoder, "'encoder' must not be null");
		this.encoder = encoder;
		this.sendTimeLimit = (int) Math.min(Integer.MAX_VALUE, sendTimeLimit.toMillis());
		this.sendBufferSizeLimit = (int) Math.min(Integer.MAX_VALUE, sendBufferSizeLimit.toBytes());
	}

	/**
	 * Register a newly opened container session.
	 * @param session the container's session
	 * @param path the endpoint path it connected to
	 * @return the registered session
	 */
	public DefaultWsSession open(WebSocketSession session, String path) {
		DefaultWsSession wsSession = new DefaultWsSession(session, path, this);
		this.sessions.put(wsSession.id(), wsSession);
		return wsSession;
	}

	/**
	 * Remove a closed session and take it out of its rooms. Only the first call for a session removes it.
	 * @param id the session id
	 * @return the removed session, or {@code null} if it was already removed
	 */
	public @Nullable DefaultWsSession close(String id) {
		DefaultWsSession session = this.sessions.remove(id);
		if (session != null) {
			session.unregister();
		}
		return session;
	}

	/**
	 * Return the open session with the given id.
	 * @param id the session id
	 * @return the session, or {@code null}
	 */
	public @Nullable DefaultWsSession get(String id) {
		return this.sessions.get(id);
	}

	/**
	 * Return a live, weakly consistent view of the open sessions.
	 * @return the sessions
	 */
	public Collection<DefaultWsSession> sessions() {
		return Collections.unmodifiableCollection(this.sessions.values());
	}

	/**
	 * Return a live, weakly consistent view of the sessions in a room.
	 * @param room the room name
	 * @return the sessions, empty for an unknown room
	 */
	public Collection<DefaultWsSession> room(String room) {
		Set<DefaultWsSession> members = this.rooms.get(room);
		return (members != null) ? Collections.unmodifiableSet(members) : Collections.emptySet();
	}

	void addToRoom(DefaultWsSession session, String room) {
		this.rooms.compute(room, (name, members) -> {
			Set<DefaultWsSession> set = (members != null) ? members : ConcurrentHashMap.newKeySet();
			set.add(session);
			return set;
		});
	}

	void removeFromRoom(DefaultWsSession session, String room) {
		this.rooms.computeIfPresent(room, (name, members) -> {
			members.remove(session);
			return members.isEmpty() ? null : members;
		});
	}

	WsMessageEncoder getEncoder() {
		return this.encoder;
	}

	int getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	int getSendBufferSizeLimit() {
		return this.sendBufferSizeLimit;
	}

}
