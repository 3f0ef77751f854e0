package io.github.wsstarter.broadcast;

import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsFanOut;
import io.github.wsstarter.session.WsSessionRegistry;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link WsBroadcastTransport} that delivers to the open sessions of this instance: the frame is queued for each
 * session on the calling thread, and written by the session registry's flush executor ({@link WsFanOut}). A session
 * that fails (closed, too slow) is skipped and the others still receive it.
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
		if (broadcast.scope() == WsBroadcast.Scope.SESSION) {
			// One session: written at once when its queue is idle, as a send to it would be
			DefaultWsSession session = this.registry.get(broadcast.target());
			if (session != null) {
				session.deliver(broadcast.frame());
			}
			return;
		}
		WsFanOut fanOut = this.registry.fanOut(broadcast.frame());
		try {
			add(broadcast, fanOut);
		}
		finally {
			fanOut.flush();
		}
	}

	/**
	 * Queue a broadcast for the sessions of this instance that it addresses, as part of a batch: nothing is written
	 * until the batch is {@link WsFanOut#flush flushed}. A clustered transport calls this for the broadcasts it
	 * receives together.
	 * @param broadcast the broadcast
	 * @param batch a batch from {@link WsSessionRegistry#fanOutBatch()}
	 */
	public void deliver(WsBroadcast broadcast, WsFanOut batch) {
		batch.frame(broadcast.frame());
		add(broadcast, batch);
	}

	/** Add the sessions a broadcast addresses to a fan-out whose frame is the broadcast's. */
	private void add(WsBroadcast broadcast, WsFanOut fanOut) {
		switch (broadcast.scope()) {
			case ALL -> add(fanOut, this.registry.sessions(), null);
			case ALL_EXCEPT -> add(fanOut, this.registry.sessions(), broadcast.target());
			case ROOM -> add(fanOut, this.registry.room(broadcast.target()), null);
			case SESSION -> {
				DefaultWsSession session = this.registry.get(broadcast.target());
				if (session != null) {
					fanOut.add(session);
				}
			}
		}
	}

	private static void add(WsFanOut fanOut, Iterable<DefaultWsSession> sessions, @Nullable String exceptId) {
		for (DefaultWsSession session : sessions) {
			if (exceptId == null || !session.id().equals(exceptId)) {
				fanOut.add(session);
			}
		}
	}

}
