package io.github.wsstarter.session;

import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The order of one session's callbacks: they never overlap, and the close callback comes last, once, after the
 * callback in flight has returned. The container delivers a session's events one at a time, so only the close needs
 * ordering: when the server closes a session (from any thread) while a callback runs, the close callback waits for it.
 * <p>
 * A session starts inside its opening callback: a close that comes before {@code @WsOnInit} has run waits for it, and
 * a session whose opening is abandoned (the server shuts down meanwhile) never calls back at all. Thread-safe and
 * lock-free.
 *
 * @author ws-spring-boot-starter team
 */
public final class SessionCallbacks {

	private static final int IN_CALLBACK = 1;

	private static final int CLOSE_PENDING = 2;

	private static final int CLOSE_DONE = 4;

	/** A new session is in its opening callback until the handler's first {@link #exit()}. */
	private final AtomicInteger state = new AtomicInteger(IN_CALLBACK);

	private final WsIoExecutors executors;

	private volatile @Nullable Runnable onClose;

	SessionCallbacks(WsIoExecutors executors) {
		this.executors = executors;
	}

	/**
	 * Enter a callback; pair with {@link #exit()}.
	 * @return {@code false} if the session has closed: skip the callback
	 */
	public boolean enter() {
		while (true) {
			int current = this.state.get();
			if ((current & (CLOSE_PENDING | CLOSE_DONE)) != 0) {
				return false;
			}
			if (this.state.compareAndSet(current, current | IN_CALLBACK)) {
				return true;
			}
		}
	}

	/** Leave a callback; a close that came meanwhile now runs, on the callback executor. */
	public void exit() {
		int before = this.state.getAndUpdate((current) -> current & ~IN_CALLBACK);
		if ((before & CLOSE_PENDING) != 0) {
			dispatch(false);
		}
	}

	/**
	 * The session has closed: run the close callback now, or after the callback in flight.
	 * @param onClose the close callback
	 * @param here whether it may run on the calling thread when no callback is in flight (the container's thread
	 * reporting a close it was told of); otherwise it runs on the callback executor
	 */
	public void closed(Runnable onClose, boolean here) {
		this.onClose = onClose;
		int before = this.state.getAndUpdate((current) -> current | CLOSE_PENDING);
		if ((before & (CLOSE_PENDING | CLOSE_DONE)) == 0 && (before & IN_CALLBACK) == 0) {
			dispatch(here);
		}
	}

	private void dispatch(boolean here) {
		while (true) {
			int current = this.state.get();
			if ((current & CLOSE_PENDING) == 0 || (current & IN_CALLBACK) != 0) {
				return;
			}
			if (this.state.compareAndSet(current, (current & ~CLOSE_PENDING) | CLOSE_DONE)) {
				break;
			}
		}
		Runnable task = this.onClose;
		if (task == null) {
			return;
		}
		if (here) {
			task.run();
		}
		else {
			this.executors.callback(task);
		}
	}

}
