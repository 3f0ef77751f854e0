package io.github.wsstarter.session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.wsstarter.WsCloseCause;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What one session's outbound queue reports and what the monitor checks, turned into closes: a slow consumer, dropped
 * messages, a failed write, an idle session, a missing pong; and the heartbeat pings. Logs a client's fault through the
 * registry's rate-limited {@link ClientFaultLog}. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
final class SessionHealth implements OutboundQueue.Listener {

	private static final Log logger = LogFactory.getLog(SessionHealth.class);

	private final DefaultWsSession session;

	private final WsSessionRegistry registry;

	private final SessionLiveness liveness;

	private final AtomicBoolean droppedLogged = new AtomicBoolean();

	SessionHealth(DefaultWsSession session, WsSessionRegistry registry, SessionLiveness liveness) {
		this.session = session;
		this.registry = registry;
		this.liveness = liveness;
	}

	@Override
	public void slowConsumer(String why) {
		if (this.session.abort(WsCloseCause.SLOW_CONSUMER)) {
			this.registry.clientFaults().warn(WsCloseCause.SLOW_CONSUMER, "Closing " + this.session.describe()
					+ " with 1008: slow consumer (" + why + ")");
			this.registry.getStatistics().slowConsumer();
			this.session.observer().slowConsumer();
		}
		else {
			// Already closing (a queued close, a shutdown) but stuck behind what it waits to flush: close now
			this.session.outbound().abort(WsClosePolicy.SLOW_CONSUMER, true);
		}
	}

	@Override
	public void dropped() {
		this.registry.getStatistics().dropped();
		this.session.observer().messageDropped();
		if (this.droppedLogged.compareAndSet(false, true)) {
			this.registry.clientFaults().warn(WsCloseCause.SLOW_CONSUMER, "Dropping messages for "
					+ this.session.describe() + ": slow consumer (more than "
					+ this.registry.getSettings().sendBufferSizeLimit()
					+ " bytes waiting); further drops are counted, not logged");
		}
	}

	@Override
	public void queued(Frame frame, long waiting) {
		this.session.observer().messageQueued(!frame.isText(), frame.size(), waiting);
	}

	@Override
	public void sent() {
		this.liveness.sent();
	}

	@Override
	public void pingWritten() {
		this.liveness.pingWritten();
	}

	@Override
	public void writeFailed(Throwable ex) {
		if (ex instanceof SocketTimeoutException) {
			// The container gave up on a write that had not completed within the send time limit
			slowConsumer("a write has not completed in " + this.registry.getSettings().sendTimeLimit().toMillis()
					+ " ms");
		}
		else if (ex instanceof IOException) {
			// The connection broke under us
			if (logger.isDebugEnabled()) {
				logger.debug("Could not send to WebSocket session '" + this.session.id() + "': " + ex);
			}
			this.session.abort(WsCloseCause.DROPPED);
		}
		else if (ex.getClass().getSimpleName().endsWith("TimeoutException")) {
			// A container's own write timeout (Jetty's): the client stopped reading
			slowConsumer("the container timed a write out");
		}
		else {
			// Rate-limited: a container may fail writes this way for what a client does
			this.registry.clientFaults().warn(WsCloseCause.HANDLER_ERROR, "Closing " + this.session.describe()
					+ " with 1011: the container refused a message (" + ex + ")");
			if (logger.isDebugEnabled()) {
				logger.debug("The container refused a message for WebSocket session '" + this.session.id() + "'", ex);
			}
			this.session.abort(WsCloseCause.HANDLER_ERROR);
		}
	}

	/** The monitor's periodic look: a close stuck behind a write, a write stuck, idle time, heartbeat. */
	void check(long now) {
		OutboundQueue outbound = this.session.outbound();
		outbound.checkPendingClose(now);
		// Also while a queued close waits behind a stuck write: the send time limit still applies
		outbound.checkWriteTime(now);
		if (!this.session.isOpen()) {
			return;
		}
		switch (this.liveness.check(now)) {
			case IDLE -> {
				if (logger.isDebugEnabled()) {
					logger.debug("Closing idle " + this.session.describe() + " with 1001");
				}
				this.session.abort(WsCloseCause.IDLE_TIMEOUT);
			}
			case NO_PONG -> {
				if (logger.isDebugEnabled()) {
					logger.debug("Closing " + this.session.describe() + ": no pong within "
							+ this.registry.getSettings().heartbeatTimeout());
				}
				this.registry.getStatistics().heartbeatTimeout();
				this.session.observer().heartbeatTimeout();
				this.session.abort(WsCloseCause.HEARTBEAT_TIMEOUT);
			}
			case PING -> outbound.offerPing(ByteBuffer.allocate(Long.BYTES).putLong(0, this.liveness.newPing(now)));
			case ALIVE -> {
			}
		}
	}

}
