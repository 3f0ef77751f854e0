package io.github.wsstarter.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Looks at every open session a few times per configured period, on one daemon thread: sends heartbeat pings, closes
 * sessions that answer none ({@code ws.heartbeat.*}), that stay idle ({@code ws.idle-timeout}), or whose write has
 * been stuck for longer than {@code ws.send-time-limit}. It never waits on a connection: pings go through the
 * session's outbound queue, and closes to the starter's I/O threads.
 * <p>
 * It stops after the server lifecycle (a lower phase), so that it keeps catching stuck clients while sessions are being
 * closed at shutdown.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class WsSessionMonitor implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WsSessionMonitor.class);

	private final WsSessionRegistry registry;

	private final Duration period;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Create a monitor for the sessions of a registry, looking at them a few times per shortest configured period.
	 * @param registry the open sessions and their settings
	 */
	public WsSessionMonitor(WsSessionRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
		this.period = period(registry.getSettings());
	}

	/** A quarter of the shortest period to watch, between 50 ms and 1 s. */
	static Duration period(WsSessionSettings settings) {
		long shortest = Stream.of(settings.heartbeatInterval(), settings.heartbeatTimeout(), settings.idleTimeout(),
				settings.sendTimeLimit())
			.filter((duration) -> duration != null)
			.mapToLong(Duration::toMillis)
			.min()
			.orElse(1000);
		return Duration.ofMillis(Math.max(50, Math.min(1000, shortest / 4)));
	}

	/**
	 * Return how often the sessions are looked at.
	 * @return the period
	 */
	public Duration getPeriod() {
		return this.period;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "ws-monitor");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.period.toMillis();
		this.scheduler.scheduleWithFixedDelay(this::checkAll, millis, millis, TimeUnit.MILLISECONDS);
	}

	private void checkAll() {
		long now = System.nanoTime();
		this.registry.checkLingering(now);
		this.registry.clientFaults().summarize(now);
		for (DefaultWsSession session : this.registry.sessions()) {
			try {
				session.check(now);
			}
			catch (RuntimeException ex) {
				// One session's failure must not stop the monitor for the others
				logger.warn("Could not check WebSocket session '" + session.id() + "'", ex);
			}
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * Return a phase below the server lifecycle's, so that this monitor stops after it.
	 */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 512;
	}

}
