package io.github.wsstarter.session;

import java.util.concurrent.Executor;
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

/**
 * The threads of the starter, each pool with one kind of work, and the executor of the application's callbacks:
 * <ul>
 * <li>{@code ws-flush-*} (one per core, at most four) write what broadcasts queued and go on with long queues; their
 * tasks never wait on a connection;</li>
 * <li>{@code ws-timer-*} (one) runs the retries of writes that a frame of the container's held up; it never
 * waits;</li>
 * <li>{@code ws-io-*} (four) close connections and write the pings of sessions that the container only pings
 * blocking; on Tomcat a task waits at most 2 seconds (or the heartbeat timeout, if shorter) for the connection;</li>
 * <li>the callback executor (the application's {@code wsCallbackExecutor} bean, or the starter's own) runs {@code @WsOnClose} when the
 * server closes a session; user code never runs on the three pools above.</li>
 * </ul>
 * Thread-safe. A task handed over after {@link #destroy()} runs on the calling thread.
 *
 * @author ws-spring-boot-starter team
 */
public final class WsIoExecutors implements DisposableBean {

	private static final Log logger = LogFactory.getLog(WsIoExecutors.class);

	private static final long IDLE_THREAD_SECONDS = 30;

	private final ThreadPoolExecutor flush;

	private final ScheduledThreadPoolExecutor timer;

	private final ThreadPoolExecutor io;

	private final Executor callbacks;

	private final Runnable stopCallbacks;

	private volatile @Nullable ThreadPoolExecutor fallbackCallbacks;

	/**
	 * Create the pools, with a callback executor that someone else stops.
	 * @param callbacks the executor of the application's callbacks that the server starts (a close it decided)
	 */
	public WsIoExecutors(Executor callbacks) {
		this(callbacks, () -> {
		});
	}

	/**
	 * Create the pools.
	 * @param callbacks the executor of the application's callbacks that the server starts (a close it decided)
	 * @param stopCallbacks how to stop that executor when these pools stop
	 */
	public WsIoExecutors(Executor callbacks, Runnable stopCallbacks) {
		Assert.notNull(callbacks, "'callbacks' must not be null");
		Assert.notNull(stopCallbacks, "'stopCallbacks' must not be null");
		this.callbacks = callbacks;
		this.stopCallbacks = stopCallbacks;
		this.flush = pool(Math.min(4, Runtime.getRuntime().availableProcessors()), "ws-flush-");
		this.io = pool(4, "ws-io-");
		this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("ws-timer-"));
		this.timer.setKeepAliveTime(IDLE_THREAD_SECONDS, TimeUnit.SECONDS);
		this.timer.allowCoreThreadTimeOut(true);
		this.timer.setRemoveOnCancelPolicy(true);
	}

	private static ThreadPoolExecutor pool(int threads, String namePrefix) {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), daemonThreads(namePrefix));
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	private static CustomizableThreadFactory daemonThreads(String namePrefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(namePrefix) {
			@Override
			public Thread createThread(Runnable runnable) {
				Thread thread = new StarterThread(runnable, nextThreadName());
				thread.setDaemon(true);
				return thread;
			}
		};
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * Return whether the calling thread is one of the starter's own (flush, timer, I/O, or its fallback callback
	 * threads), on which application code must not run inline.
	 * @return {@code true} on a thread of the starter's pools
	 */
	public static boolean isStarterThread() {
		return Thread.currentThread() instanceof StarterThread;
	}

	/** Run a write that never waits on a connection. */
	void flush(Runnable task) {
		run(this.flush, task);
	}

	/**
	 * Hand a write that never waits on a connection to the flush pool.
	 * @return {@code false} if the pool has stopped: the task was not run
	 */
	boolean tryFlush(Runnable task) {
		try {
			this.flush.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/** Run work that may wait briefly on a connection: a close, a blocking ping. */
	void io(Runnable task) {
		run(this.io, task);
	}

	/**
	 * Run an application callback. If the callback executor refuses it (an application executor that stopped at
	 * the context's close event, before the sessions' shutdown), it runs on a small pool of the starter's, never on
	 * the caller's thread.
	 */
	void callback(Runnable task) {
		try {
			this.callbacks.execute(task);
		}
		catch (RejectedExecutionException ex) {
			run(fallbackCallbacks(), task);
		}
	}

	private ThreadPoolExecutor fallbackCallbacks() {
		ThreadPoolExecutor fallback = this.fallbackCallbacks;
		if (fallback == null) {
			synchronized (this) {
				fallback = this.fallbackCallbacks;
				if (fallback == null) {
					logger.debug("The callback executor refused a task; running callbacks on ws-callback-late-*");
					fallback = pool(4, "ws-callback-late-");
					this.fallbackCallbacks = fallback;
				}
			}
		}
		return fallback;
	}

	/**
	 * Run a task that never waits, after a delay, on the timer thread.
	 * @return {@code false} if the executors have stopped and the task will not run
	 */
	boolean schedule(Runnable task, long delayMillis) {
		try {
			this.timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	private static void run(Executor executor, Runnable task) {
		try {
			executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Executor stopped; running on the calling thread", ex);
			task.run();
		}
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
		this.io.shutdown();
		this.flush.shutdown();
		this.stopCallbacks.run();
		ThreadPoolExecutor fallback = this.fallbackCallbacks;
		if (fallback != null) {
			fallback.shutdown();
		}
	}

	/** A thread of the starter's pools. */
	private static final class StarterThread extends Thread {

		StarterThread(Runnable runnable, String name) {
			super(runnable, name);
		}

	}

}
