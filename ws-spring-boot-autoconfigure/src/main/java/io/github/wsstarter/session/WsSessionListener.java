package io.github.wsstarter.session;

/**
 * Told of the sessions of this instance as they open, close, join and leave rooms
 * ({@link WsSessionRegistry#addListener}): a clustered transport keeps the other instances' view of this one with it.
 * Called on the thread that made the change, in the order of each session's changes; must return quickly without
 * blocking. An exception is logged at WARN and changes nothing for the session or the other listeners.
 *
 * @author ws-spring-boot-starter team
 * @since 0.2.0
 */
public interface WsSessionListener {

	/**
	 * A session opened; its {@code @WsOnInit} methods are about to run. Called before anything else can reach it.
	 * @param session the session
	 */
	void opened(DefaultWsSession session);

	/**
	 * A session's close was observed; it has left its rooms.
	 * @param session the session
	 */
	void closed(DefaultWsSession session);

	/**
	 * A closed session's {@code @WsOnClose} methods have run (or it never reached {@code @WsOnInit}), and it has
	 * left the registry. Does nothing unless overridden.
	 * @param session the session
	 */
	default void removed(DefaultWsSession session) {
	}

	/**
	 * An open session joined a room it was not in.
	 * @param session the session
	 * @param room the room
	 */
	void joined(DefaultWsSession session, String room);

	/**
	 * An open session left a room it was in.
	 * @param session the session
	 * @param room the room
	 */
	void left(DefaultWsSession session, String room);

}
