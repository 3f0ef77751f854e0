package io.github.wsstarter.session;

import org.jspecify.annotations.Nullable;


/**
 * One frame on its way to many sessions of this instance. Each session {@link #add added} gets the frame queued at
 * once; the writing is left to the registry's flush executor, a chunk of sessions per task. So the caller's loop over
 * the sessions stays short, and the frames queued for a session while it waits for its turn go out together, in one
 * write. Per session, frames keep the order in which they were queued, whichever way they were sent.
 * <p>
 * Not thread-safe: made by {@link WsSessionRegistry#fanOut}, used by one thread for one broadcast, then
 * {@link #flush() flushed}.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class WsFanOut {

	/** Sessions per flush task: enough to make a task worth handing over, few enough to spread over the threads. */
	static final int CHUNK = 128;

	private final WsSessionRegistry registry;

	private final Frame frame;

	private DefaultWsSession @Nullable [] pending;

	private int count;

	/** The frame's text is encoded to UTF-8 already, once, rather than once per session. */
	WsFanOut(WsSessionRegistry registry, Frame frame) {
		this.registry = registry;
		this.frame = frame;
	}

	/**
	 * Queue the frame for a session. Never blocks and never writes; a closed or overflowing session is skipped as
	 * {@link DefaultWsSession#deliver} would.
	 * @param session the session
	 */
	public void add(DefaultWsSession session) {
		if (!session.deliverLater(this.frame)) {
			return;
		}
		DefaultWsSession[] pending = this.pending;
		if (pending == null) {
			pending = new DefaultWsSession[CHUNK];
			this.pending = pending;
		}
		pending[this.count++] = session;
		if (this.count == CHUNK) {
			flush();
		}
	}

	/** Hand the sessions added since the last flush to the flush executor. Call once the last session is added. */
	public void flush() {
		DefaultWsSession[] pending = this.pending;
		if (pending != null && this.count > 0) {
			this.registry.flush(pending, this.count);
		}
		this.pending = null;
		this.count = 0;
	}

}
