package io.github.wsstarter.broadcast;

import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsSessionRegistry;

import org.springframework.util.Assert;
import org.springframework.web.socket.WebSocketMessage;

/**
 * {@link WsBroadcastTransport} that delivers to the open sessions of this instance, on the calling thread. Each
 * session is handed the same frame; a session that fails (closed, too slow) is skipped and the others still receive
 * it.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public class LocalWsBroadcastTransport implements WsBroadcastTransport {

	private final WsSessionRegistry registry;

	/**
	 * Create a transport that delivers to the sessions of the given registry.
	 * @param registry the open sessions of this instance
	 */
	public LocalWsBroadcastTransport(WsSessionRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
	}

	@Override
	public void publish(WsBroadcast broadcast) {
		deliver(broadcast);
	}

	/**
	 * Deliver a broadcast to the sessions of this instance that it addresses. A clustered transport calls this for
	 * each broadcast it receives.
	 * @param broadcast the broadcast
	 */
	public void deliver(WsBroadcast broadcast) {
		WebSocketMessage<?> frame = broadcast.frame();
		switch (broadcast.scope()) {
			case ALL -> {
				for (DefaultWsSession session : this.registry.sessions()) {
					session.deliver(frame);
				}
			}
			case ALL_EXCEPT -> {
				for (DefaultWsSession session : this.registry.sessions()) {
					if (!session.id().equals(broadcast.target())) {
						session.deliver(frame);
					}
				}
			}
			case ROOM -> {
				for (DefaultWsSession session : this.registry.room(broadcast.target())) {
					session.deliver(frame);
				}
			}
			case SESSION -> {
				DefaultWsSession session = this.registry.get(broadcast.target());
				if (session != null) {
					session.deliver(frame);
				}
			}
		}
	}

}
