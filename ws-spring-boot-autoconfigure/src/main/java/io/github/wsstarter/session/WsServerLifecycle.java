package io.github.wsstarter.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.wsstarter.WsCloseCause;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * Whether the starter accepts handshakes, and the graceful stop of its sessions. "Accepting" and "running" are kept
 * apart: {@link #shutdown()} stops accepting and closes every session at once, but the bean keeps running, so that
 * when the application context closes, {@link #stop(Runnable)} still waits for the sessions to finish.
 * <p>
 * On stop (before the web server's graceful shutdown, a lower phase): refuse handshakes with 503, close every open
 * session with 1001 after what is queued for it, and wait until every session has closed and its {@code @WsOnClose}
 * methods have run, at most the send time limit and two seconds more (and never longer than the lifecycle's
 * shutdown-phase timeout); sessions still flushing then are closed at once. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
public final class WsServerLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WsServerLifecycle.class);

	private final WsSessionRegistry registry;

	private final Duration maxWait;

	private final Object monitor = new Object();

	/** Set once by {@link #shutdown()}: no handshakes after it, even if the context restarts. */
	private boolean shutdown;

	private volatile boolean accepting = true;

	private volatile boolean running;

	/**
	 * Create the lifecycle of a registry's sessions.
	 * @param registry the sessions
	 * @param phaseTimeout how long the application context waits for one shutdown phase
	 */
	public WsServerLifecycle(WsSessionRegistry registry, Duration phaseTimeout) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
		Duration wait = registry.getSettings().sendTimeLimit().plusSeconds(2);
		Duration phase = phaseTimeout.minusSeconds(3);
		this.maxWait = (phase.isNegative() || wait.compareTo(phase) <= 0) ? wait : phase;
	}

	/**
	 * Return whether new handshakes are accepted.
	 * @return {@code false} after {@link #shutdown()} and while the context is stopped
	 */
	public boolean isAccepting() {
		return this.accepting;
	}

	/**
	 * Refuse handshakes from now on and close every open session with 1001; does not wait. Idempotent.
	 */
	public void shutdown() {
		synchronized (this.monitor) {
			if (this.shutdown) {
				return;
			}
			this.shutdown = true;
			this.accepting = false;
		}
		closeOpenSessions();
	}

	/**
	 * Return whether {@link #shutdown()} was called.
	 * @return {@code true} once it was
	 */
	public boolean isShutdown() {
		synchronized (this.monitor) {
			return this.shutdown;
		}
	}

	/** Accept handshakes again after a stop by the context (a paused test context reused); not after a shutdown. */
	@Override
	public void start() {
		synchronized (this.monitor) {
			this.running = true;
			if (!this.shutdown) {
				this.accepting = true;
			}
		}
	}

	@Override
	public void stop() {
		beginStop();
		awaitClosed();
	}

	/** Like {@link #stop()}, waiting on a thread of its own so that the context stops other beans meanwhile. */
	@Override
	public void stop(Runnable callback) {
		beginStop();
		if (this.registry.size() == 0) {
			this.running = false;
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

	private void beginStop() {
		// Refuse first, so that a handshake completing now is refused or closed right after it opens
		this.accepting = false;
		closeOpenSessions();
	}

	private void closeOpenSessions() {
		List<DefaultWsSession> open = new ArrayList<>(this.registry.sessions());
		if (logger.isDebugEnabled()) {
			logger.debug("Closing " + open.size() + " WebSocket session(s) with 1001 (going away)");
		}
		for (DefaultWsSession session : open) {
			session.close(CloseStatus.GOING_AWAY, WsCloseCause.SHUTDOWN);
		}
	}

	private void awaitClosed() {
		try {
			if (!this.registry.awaitEmpty(this.maxWait)) {
				// Clients still reading what was queued for them: their time is up
				logger.warn("Closing " + this.registry.size() + " WebSocket session(s) still flushing after the "
						+ "shutdown wait of " + this.maxWait.toMillis() + " ms");
				this.registry.closeAll();
				this.registry.awaitEmpty(Duration.ofSeconds(2));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.running = false;
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
