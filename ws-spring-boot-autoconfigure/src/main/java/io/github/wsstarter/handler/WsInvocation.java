package io.github.wsstarter.handler;

import java.time.Duration;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.session.DefaultWsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * What one event offers to the handler methods it calls: the session, and the frame, close status or error.
 *
 * @param session the session of the event
 * @param frame the received frame, for message events
 * @param closeStatus the close status, for close events
 * @param closeCause why the session closed, for close events
 * @param error the error, for error events
 * @param roundTripTime the measured round-trip time, for pong events
 * @author ws-spring-boot-starter team
 */
record WsInvocation(DefaultWsSession session, @Nullable InboundFrame frame, @Nullable CloseStatus closeStatus,
		@Nullable WsCloseCause closeCause, @Nullable Throwable error, @Nullable Duration roundTripTime) {

	static WsInvocation open(DefaultWsSession session) {
		return new WsInvocation(session, null, null, null, null, null);
	}

	static WsInvocation message(InboundFrame frame) {
		return new WsInvocation(frame.session(), frame, null, null, null, null);
	}

	static WsInvocation close(DefaultWsSession session, CloseStatus status, WsCloseCause cause) {
		return new WsInvocation(session, null, status, cause, null, null);
	}

	static WsInvocation error(DefaultWsSession session, Throwable error) {
		return new WsInvocation(session, null, null, null, error, null);
	}

	static WsInvocation pong(DefaultWsSession session, Duration roundTripTime) {
		return new WsInvocation(session, null, null, null, null, roundTripTime);
	}

	@Override
	@SuppressWarnings("NullAway") // only message methods, which are called with a frame, resolve it
	public InboundFrame frame() {
		return this.frame;
	}

}
