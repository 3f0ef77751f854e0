package io.github.wsstarter.broadcast;

import io.github.wsstarter.session.WsClosePolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * Something to do to one session by id, wherever it is connected: close it, or have it join or leave a room.
 * Immutable.
 *
 * @param sessionId the session id
 * @param kind what to do
 * @param room the room for {@link Kind#JOIN} and {@link Kind#LEAVE}, else {@code null}
 * @param status the close status for {@link Kind#CLOSE}, else {@code null}
 * @author ws-spring-boot-starter team
 * @since 0.2.0
 */
public record WsSessionCommand(String sessionId, Kind kind, @Nullable String room, @Nullable CloseStatus status) {

	/**
	 * Check the arguments.
	 * @param sessionId the session id
	 * @param kind what to do
	 * @param room the room, as the kind requires
	 * @param status the close status, as the kind requires
	 */
	public WsSessionCommand {
		Assert.notNull(sessionId, "'sessionId' must not be null");
		Assert.notNull(kind, "'kind' must not be null");
		Assert.isTrue((kind == Kind.CLOSE) == (status != null), "'status' must be set for CLOSE only");
		Assert.isTrue((kind != Kind.CLOSE) == (room != null), "'room' must be set for JOIN and LEAVE only");
		if (status != null) {
			WsClosePolicy.checkSendable(status);
		}
	}

	/**
	 * Apply this command to a session of this instance.
	 * @param session the session with this command's id
	 */
	public void applyTo(io.github.wsstarter.WsSession session) {
		switch (this.kind) {
			case CLOSE -> session.close(this.status);
			case JOIN -> session.join(this.room);
			case LEAVE -> session.leave(this.room);
		}
	}

	/**
	 * What a command does.
	 */
	public enum Kind {

		/** Close the session with the command's status. */
		CLOSE,

		/** Add the session to the command's room. */
		JOIN,

		/** Remove the session from the command's room. */
		LEAVE

	}

}
