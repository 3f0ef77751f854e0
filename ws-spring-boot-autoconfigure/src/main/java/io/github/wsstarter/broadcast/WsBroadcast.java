package io.github.wsstarter.broadcast;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.WebSocketMessage;

/**
 * One encoded message on its way to the sessions it addresses: everybody, everybody but one session, a room, or one
 * session by id.
 * Immutable; the frame is shared by every session it reaches.
 *
 * @param scope which sessions the broadcast addresses
 * @param target the room name for {@link Scope#ROOM}, the excluded session id for {@link Scope#ALL_EXCEPT}, the
 * session id for {@link Scope#SESSION}, else {@code null}
 * @param frame the encoded message
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public record WsBroadcast(Scope scope, @Nullable String target, WebSocketMessage<?> frame) {

	/**
	 * Check the arguments.
	 * @param scope which sessions the broadcast addresses
	 * @param target the room name or excluded session id, as the scope requires
	 * @param frame the encoded message
	 */
	public WsBroadcast {
		Assert.notNull(scope, "'scope' must not be null");
		Assert.notNull(frame, "'frame' must not be null");
		Assert.isTrue((scope == Scope.ALL) == (target == null), "'target' must be set for every scope but ALL");
	}

	/**
	 * Which sessions a broadcast addresses.
	 */
	public enum Scope {

		/** Every open session. */
		ALL,

		/** Every open session except the one whose id is the target. */
		ALL_EXCEPT,

		/** Every session in the room named by the target. */
		ROOM,

		/** The session whose id is the target, wherever it is connected. */
		SESSION

	}

}
