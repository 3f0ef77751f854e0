package io.github.wsstarter.client;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.wsstarter.ReconnectPolicy;
import io.github.wsstarter.WsClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * The reconnects of one client's connections: the attempts after each loss, at the times of the connection's
 * {@link ReconnectPolicy}, on a thread of their own. Logs once per episode: the loss and the reconnect at INFO,
 * giving up at WARN, each failed attempt at DEBUG. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
final class ReconnectScheduler {

	private static final Log logger = LogFactory.getLog(WsClient.class);

	private final Function<ClientConnection, CompletableFuture<?>> handshake;

	/** The connections not closed for good, for {@link #shutdown()}. */
	private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();

	private final Map<ClientConnection, String> lastFailures = new ConcurrentHashMap<>();

	private volatile @Nullable ScheduledExecutorService timer;

	private volatile boolean shutdown;

	ReconnectScheduler(Function<ClientConnection, CompletableFuture<?>> handshake) {
		this.handshake = handshake;
	}

	/** A connection was handed to the application (or to its first handshake). */
	void track(ClientConnection connection) {
		this.connections.add(connection);
	}

	/** A connection closed for good. */
	void ended(ClientConnection connection) {
		this.connections.remove(connection);
		this.lastFailures.remove(connection);
	}

	/** A session of the connection finished opening. */
	void opened(ClientConnection connection) {
		if (connection.reconnects() > 0 && logger.isInfoEnabled()) {
			logger.info("Reconnected to " + connection.uri() + " at attempt " + connection.reconnectAttempt());
		}
		this.lastFailures.remove(connection);
	}

	/** The connection lost its session, its {@code @WsOnClose} methods have run, and it wants another one. */
	void lost(ClientConnection connection) {
		if (logger.isInfoEnabled()) {
			CloseStatus status = connection.lastStatus();
			String how = (status == null) ? ""
					: " (" + status.getCode() + ((status.getReason() != null && !status.getReason().isEmpty())
							? " " + status.getReason() : "") + ")";
			logger.info("Connection to " + connection.uri() + " lost" + how + "; reconnecting with "
					+ connection.policy());
		}
		next(connection);
	}

	/** A handshake of the connection failed: try again as the policy says, unless it was a stale attempt. */
	private void attemptFailed(ClientConnection connection, long token, String why) {
		if (connection.attemptFailed(token)) {
			retry(connection, why);
		}
	}

	/** The connection needs another attempt: try again as the policy says. */
	void retry(ClientConnection connection, String why) {
		this.lastFailures.put(connection, why);
		if (logger.isDebugEnabled()) {
			logger.debug("Reconnect attempt " + connection.reconnectAttempt() + " to " + connection.uri() + " failed: "
					+ why);
		}
		next(connection);
	}

	private void next(ClientConnection connection) {
		long token = connection.nextAttempt();
		ReconnectPolicy policy = connection.policy();
		if (token > 0 && policy != null) {
			try {
				timer().schedule(() -> attempt(connection, token),
						policy.delay(connection.reconnectAttempt()).toMillis(), TimeUnit.MILLISECONDS);
				return;
			}
			catch (RejectedExecutionException ex) {
				// The client closed meanwhile
				connection.end();
			}
		}
		if (token < 0 && policy != null) {
			logger.warn("Gave up reconnecting to " + connection.uri() + " after " + policy.maxAttempts()
					+ " attempts; the last one: " + this.lastFailures.get(connection));
		}
		if (connection.isClosed()) {
			ended(connection);
		}
	}

	private void attempt(ClientConnection connection, long token) {
		if (connection.isClosed() || this.shutdown) {
			ended(connection);
			return;
		}
		if (!connection.isCurrentAttempt(token)) {
			// A handshake of an earlier attempt brought a session meanwhile
			return;
		}
		this.handshake.apply(connection).whenComplete((session, ex) -> {
			if (ex != null) {
				attemptFailed(connection, token, DefaultWsClient.why(ex));
			}
		});
	}

	private ScheduledExecutorService timer() {
		ScheduledExecutorService timer = this.timer;
		if (timer == null) {
			synchronized (this) {
				if (this.shutdown) {
					throw new RejectedExecutionException("The client is closed");
				}
				timer = this.timer;
				if (timer == null) {
					CustomizableThreadFactory threads = new CustomizableThreadFactory("ws-client-reconnect-");
					threads.setDaemon(true);
					ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
					executor.setRemoveOnCancelPolicy(true);
					this.timer = executor;
					timer = executor;
				}
			}
		}
		return timer;
	}

	/**
	 * Stop every reconnect, and return the connections that were not closed yet.
	 * @return the connections to close
	 */
	Set<ClientConnection> shutdown() {
		synchronized (this) {
			this.shutdown = true;
			if (this.timer != null) {
				this.timer.shutdownNow();
			}
		}
		Set<ClientConnection> open = Set.copyOf(this.connections);
		this.connections.clear();
		return open;
	}

}
