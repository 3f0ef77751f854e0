package io.github.wsstarter.session;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The open sessions of this instance, by id, and the rooms they are in.
 * <p>
 * Thread-safe. A session enters at the handshake and leaves exactly once, when it closes, taking its rooms with it;
 * a room with no session left is removed.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class WsSessionRegistry implements DisposableBean {

	private final Map<String, DefaultWsSession> sessions = new ConcurrentHashMap<>();

	private final Map<String, Set<DefaultWsSession>> rooms = new ConcurrentHashMap<>();

	/**
	 * Session attribute holding a {@link Runnable} to run once when the session closes: a handshake interceptor
	 * that reserves something for a connection (a connection-limit permit) releases it this way.
	 */
	public static final String ON_CLOSE_ATTRIBUTE = WsSessionRegistry.class.getName() + ".onClose";

	private static final Log logger = LogFactory.getLog(WsSessionRegistry.class);

	private final WsMessageEncoder encoder;

	private final WsSessionSettings settings;

	private final WsStatistics statistics = new WsStatistics();

	/**
	 * Closes sessions and writes pings for senders and the monitor, which must not wait for a stuck connection. A
	 * few threads: a close waits at most briefly for a stuck connection, a ping at most the heartbeat timeout.
	 */
	private final ThreadPoolExecutor executor;

	private static final int EXECUTOR_THREADS = 4;

	private static final ThreadLocal<Boolean> EXECUTOR_THREAD = new ThreadLocal<>();

	private static final long IDLE_THREAD_SECONDS = 30;

	/** Runs delayed tasks (retries of a write held up) on the session executor; never runs one itself. */
	private final ScheduledThreadPoolExecutor scheduler;

	/**
	 * Writes what broadcasts queued, a chunk of sessions per task: one thread per core, at most four. Its tasks
	 * never wait on a connection.
	 */
	private final ThreadPoolExecutor flushExecutor;

	/**
	 * Create a registry.
	 * @param encoder the encoder that {@link io.github.wsstarter.WsSession#send(Object)} uses
	 * @param settings the limits that apply to every session
	 */
	public WsSessionRegistry(WsMessageEncoder encoder, WsSessionSettings settings) {
		Assert.notNull(encoder, "'encoder' must not be null");
		Assert.notNull(settings, "'settings' must not be null");
		this.encoder = encoder;
		this.settings = settings;
		this.executor = pool(EXECUTOR_THREADS, "ws-session-");
		this.flushExecutor = pool(Math.min(4, Runtime.getRuntime().availableProcessors()), "ws-flush-");
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("ws-session-timer-"));
		this.scheduler.setKeepAliveTime(IDLE_THREAD_SECONDS, TimeUnit.SECONDS);
		this.scheduler.allowCoreThreadTimeOut(true);
	}

	/** A fixed pool of daemon threads that end after a while without work. */
	private static ThreadPoolExecutor pool(int threads, String namePrefix) {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), daemonThreads(namePrefix));
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	private static CustomizableThreadFactory daemonThreads(String namePrefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(namePrefix);
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * Start a delivery of one frame to many sessions of this instance.
	 * @param frame the encoded frame
	 * @return the delivery, to {@link WsFanOut#add add} sessions to and then {@link WsFanOut#flush flush}
	 */
	public WsFanOut fanOut(WebSocketMessage<?> frame) {
		Assert.notNull(frame, "'frame' must not be null");
		return new WsFanOut(this, frame);
	}

	/** Write what a fan-out queued for the first {@code count} sessions, on the flush executor. */
	void flush(DefaultWsSession[] sessions, int count) {
		Runnable task = () -> {
			for (int i = 0; i < count; i++) {
				try {
					sessions[i].flush();
				}
				catch (RuntimeException ex) {
					logger.warn("Could not write to WebSocket session '" + sessions[i].id() + "'", ex);
				}
			}
		};
		try {
			this.flushExecutor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Flush executor stopped; writing on the calling thread", ex);
			task.run();
		}
	}

	/**
	 * Register a newly opened container session.
	 * @param session the container's session
	 * @param path the endpoint path it connected to
	 * @return the registered session
	 */
	public DefaultWsSession open(WebSocketSession session, String path) {
		DefaultWsSession wsSession = new DefaultWsSession(session, path, this);
		this.sessions.put(wsSession.id(), wsSession);
		return wsSession;
	}

	/**
	 * Remove a closed session and take it out of its rooms. Only the first call for a session removes it.
	 * @param id the session id
	 * @return the removed session, or {@code null} if it was already removed
	 */
	public @Nullable DefaultWsSession close(String id) {
		DefaultWsSession session = this.sessions.remove(id);
		if (session != null) {
			session.unregister();
			if (session.attributes().remove(ON_CLOSE_ATTRIBUTE) instanceof Runnable onClose) {
				onClose.run();
			}
			if (this.sessions.isEmpty()) {
				synchronized (this.sessions) {
					this.sessions.notifyAll();
				}
			}
		}
		return session;
	}

	/**
	 * Wait until no session is open.
	 * @param timeout how long to wait at most
	 * @return whether every session closed in time
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public boolean awaitEmpty(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.sessions) {
			while (!this.sessions.isEmpty()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.sessions, left);
			}
		}
		return true;
	}

	/**
	 * Return how many sessions are open.
	 * @return the number of open sessions
	 */
	public int size() {
		return this.sessions.size();
	}

	/** Close a session on the session executor: the container may wait briefly to send the close frame. */
	void closeLater(DefaultWsSession session, CloseStatus status) {
		execute(() -> session.closeNow(status));
	}

	/** Run work that may wait on a connection (closes, pings) where it holds up no sender and no monitor. */
	void execute(Runnable task) {
		try {
			this.executor.execute(() -> {
				EXECUTOR_THREAD.set(Boolean.TRUE);
				task.run();
			});
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Session executor stopped; running on the calling thread", ex);
			task.run();
		}
	}

	/**
	 * Run a task on the session executor after a delay.
	 * @return {@code false} if the registry has stopped and the task will not run
	 */
	boolean executeLater(Runnable task, long delayMillis) {
		try {
			this.scheduler.schedule(() -> execute(task), delayMillis, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/**
	 * Return the open session with the given id.
	 * @param id the session id
	 * @return the session, or {@code null}
	 */
	public @Nullable DefaultWsSession get(String id) {
		return this.sessions.get(id);
	}

	/**
	 * Return a live, weakly consistent view of the open sessions.
	 * @return the sessions
	 */
	public Collection<DefaultWsSession> sessions() {
		return Collections.unmodifiableCollection(this.sessions.values());
	}

	/**
	 * Return a live, weakly consistent view of the sessions in a room.
	 * @param room the room name
	 * @return the sessions, empty for an unknown room
	 */
	public Collection<DefaultWsSession> room(String room) {
		Set<DefaultWsSession> members = this.rooms.get(room);
		return (members != null) ? Collections.unmodifiableSet(members) : Collections.emptySet();
	}

	void addToRoom(DefaultWsSession session, String room) {
		this.rooms.compute(room, (name, members) -> {
			Set<DefaultWsSession> set = (members != null) ? members : ConcurrentHashMap.newKeySet();
			set.add(session);
			return set;
		});
	}

	void removeFromRoom(DefaultWsSession session, String room) {
		this.rooms.computeIfPresent(room, (name, members) -> {
			members.remove(session);
			return members.isEmpty() ? null : members;
		});
	}

	WsMessageEncoder getEncoder() {
		return this.encoder;
	}

	/**
	 * Return the limits that apply to every session.
	 * @return the settings
	 */
	public WsSessionSettings getSettings() {
		return this.settings;
	}

	/**
	 * Return the counts of slow consumers, dropped messages, heartbeat timeouts and refusals.
	 * @return the statistics
	 */
	public WsStatistics getStatistics() {
		return this.statistics;
	}

	static boolean isExecutorThread() {
		return EXECUTOR_THREAD.get() != null;
	}

	/**
	 * Close every open session now, dropping what is still queued for it: the end of a shutdown wait.
	 * @param status the status to close with
	 */
	public void closeAll(CloseStatus status) {
		for (DefaultWsSession session : this.sessions.values()) {
			session.forceClose(status, io.github.wsstarter.WsCloseCause.SHUTDOWN);
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		this.executor.shutdown();
		this.flushExecutor.shutdown();
	}

}
