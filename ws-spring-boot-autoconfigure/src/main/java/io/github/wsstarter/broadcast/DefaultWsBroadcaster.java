package io.github.wsstarter.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.broadcast.WsBroadcast.Scope;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsFanOut;
import io.github.wsstarter.session.WsMessageEncoder;
import io.github.wsstarter.session.WsSessionRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * Default {@link WsBroadcaster}: encodes each message once and hands broadcasts to a {@link WsBroadcastTransport}.
 * <p>
 * As a {@link SmartLifecycle} it stops before the web server does: when the application context closes, every
 * session is closed with 1001 (going away) and new handshakes are refused with 503.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public class DefaultWsBroadcaster implements WsBroadcaster, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DefaultWsBroadcaster.class);

	private final WsSessionRegistry registry;

	private final WsMessageEncoder encoder;

	private final WsBroadcastTransport transport;

	/** Set once by {@link #shutdown()}: no restart after it. */
	private final AtomicBoolean shutdown = new AtomicBoolean();

	/** Whether handshakes are accepted; cleared by {@link #stop()} and {@link #shutdown()}. */
	private volatile boolean running = true;

	/**
	 * Create a broadcaster.
	 * @param registry the open sessions of this instance
	 * @param encoder how messages become frames
	 * @param transport where broadcasts go
	 */
	public DefaultWsBroadcaster(WsSessionRegistry registry, WsMessageEncoder encoder, WsBroadcastTransport transport) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(encoder, "'encoder' must not be null");
		Assert.notNull(transport, "'transport' must not be null");
		this.registry = registry;
		this.encoder = encoder;
		this.transport = transport;
	}

	@Override
	public boolean send(WsSession session, Object message) {
		Assert.notNull(session, "'session' must not be null");
		return session.send(message);
	}

	/**
	 * Send to the session with the given id: directly when it is connected to this instance, else through the
	 * transport, which for a clustered transport reaches the instance that holds it.
	 * @return {@code true} if a session of this instance with that id took the message
	 */
	@Override
	public boolean send(String sessionId, Object message) {
		Assert.notNull(sessionId, "'sessionId' must not be null");
		DefaultWsSession session = this.registry.get(sessionId);
		if (session != null) {
			return session.send(message);
		}
		this.transport.publish(new WsBroadcast(Scope.SESSION, sessionId, this.encoder.encode(message)));
		return false;
	}

	@Override
	public void sendAll(Object message) {
		this.transport.publish(new WsBroadcast(Scope.ALL, null, this.encoder.encode(message)));
	}

	@Override
	public void sendAll(Object message, Predicate<WsSession> filter) {
		Assert.notNull(filter, "'filter' must not be null");
		WsFanOut fanOut = this.registry.fanOut(this.encoder.encode(message));
		try {
			for (DefaultWsSession session : this.registry.sessions()) {
				if (accepts(filter, session)) {
					fanOut.add(session);
				}
			}
		}
		finally {
			fanOut.flush();
		}
	}

	private boolean accepts(Predicate<WsSession> filter, DefaultWsSession session) {
		try {
			return filter.test(session);
		}
		catch (RuntimeException ex) {
			logger.warn("Broadcast filter failed for WebSocket session '" + session.id() + "'; skipping it", ex);
			return false;
		}
	}

	@Override
	public void sendAllExcept(WsSession except, Object message) {
		Assert.notNull(except, "'except' must not be null");
		this.transport.publish(new WsBroadcast(Scope.ALL_EXCEPT, except.id(), this.encoder.encode(message)));
	}

	@Override
	public void sendToRoom(String room, Object message) {
		Assert.hasText(room, "'room' must not be empty");
		this.transport.publish(new WsBroadcast(Scope.ROOM, room, this.encoder.encode(message)));
	}

	@Override
	public Collection<WsSession> sessions() {
		return List.copyOf(this.registry.sessions());
	}

	@Override
	public Optional<WsSession> session(String id) {
		Assert.notNull(id, "'id' must not be null");
		return Optional.ofNullable(this.registry.get(id));
	}

	@Override
	public void shutdown() {
		if (this.shutdown.compareAndSet(false, true)) {
			beginStop();
		}
	}

	@Override
	public boolean isShutdown() {
		return !this.running;
	}

	/**
	 * Accept connections again after a {@link #stop()} by the application context (a paused test context being
	 * reused, for instance); does nothing after {@link #shutdown()}.
	 */
	@Override
	public void start() {
		if (!this.shutdown.get()) {
			this.running = true;
		}
	}

	/**
	 * Close every open session with 1001, after the messages already queued for it, and refuse handshakes until
	 * {@link #start()}; then wait until every session has closed (so that every {@code @WsOnClose} has run), at most
	 * the send time limit and two seconds more, after which the sessions still flushing are closed at once.
	 */
	@Override
	public void stop() {
		if (beginStop()) {
			awaitClosed();
		}
	}

	/**
	 * Like {@link #stop()}, but waits on a thread of its own, so that the application context stops its other
	 * beans of this phase meanwhile.
	 */
	@Override
	public void stop(Runnable callback) {
		if (!beginStop()) {
			callback.run();
			return;
		}
		Thread waiter = new Thread(() -> {
			try {
				awaitClosed();
			}
			finally {
				callback.run();
			}
		}, "ws-shutdown");
		waiter.setDaemon(true);
		waiter.start();
	}

	/** Refuse handshakes and close every session; {@code false} if already stopped. */
	private boolean beginStop() {
		synchronized (this.shutdown) {
			if (!this.running) {
				return false;
			}
			// Refuse first, so that a handshake completing now is refused or closed right after it opens
			this.running = false;
		}
		List<DefaultWsSession> open = new ArrayList<>(this.registry.sessions());
		if (logger.isDebugEnabled()) {
			logger.debug("Closing " + open.size() + " WebSocket session(s) with 1001 (going away)");
		}
		for (DefaultWsSession session : open) {
			session.close(CloseStatus.GOING_AWAY, WsCloseCause.SHUTDOWN);
		}
		return true;
	}

	private void awaitClosed() {
		try {
			if (!this.registry.awaitEmpty(this.registry.getSettings().sendTimeLimit().plusSeconds(2))) {
				// Clients still reading what was queued for them: their time is up
				logger.warn("Closing " + this.registry.size() + " WebSocket session(s) still flushing after the "
						+ "shutdown wait");
				this.registry.closeAll(CloseStatus.GOING_AWAY);
				this.registry.awaitEmpty(Duration.ofSeconds(2));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return {@link SmartLifecycle#DEFAULT_PHASE}, so that sessions close before the web server's graceful shutdown
	 * (a lower phase) begins.
	 */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE;
	}

}
