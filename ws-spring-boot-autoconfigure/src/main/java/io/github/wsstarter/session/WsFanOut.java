package io.github.wsstarter.session;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.web.socket.WebSocketMessage;


/**
 * One frame on its way to many sessions of this instance. Each session {@link #add added} gets the frame queued at
 * once; the writing is left to the registry's flush executor, a chunk of sessions per task. So the caller's loop over
 * the sessions stays short, and the frames queued for a session while it waits for its turn go out together, in one
 * write. Per session, frames keep the order in which they were queued, whichever way they were sent.
 * <p>
 * A {@link WsSessionRegistry#fanOutBatch() batch} carries many frames, each set with {@link #frame}, and holds
 * all the writing until it is flushed: a session then gets every frame of the batch in one write.
 * <p>
 * Not thread-safe: made by {@link WsSessionRegistry#fanOut} or {@link WsSessionRegistry#fanOutBatch}, used by one
 * thread for one broadcast or one batch, then {@link #flush() flushed}.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class WsFanOut {

	/** Sessions per flush task: enough to make a task worth handing over, few enough to spread over the threads. */
	static final int CHUNK = 128;

	private final WsSessionRegistry registry;

	private @Nullable Frame frame;

	private DefaultWsSession @Nullable [] pending;

	private int count;

	/** Full chunks of a batch, held until the flush; {@code null} for one broadcast. */
	private final @Nullable List<DefaultWsSession[]> held;

	/** The frame's text is encoded to UTF-8 already, once, rather than once per session. */
	WsFanOut(WsSessionRegistry registry, @Nullable Frame frame) {
		this.registry = registry;
		this.frame = frame;
		this.held = (frame != null) ? null : new ArrayList<>();
	}

	/**
	 * Set the frame for the sessions added from now on; its text is encoded once here. Frames reach each session in
	 * the order they were set.
	 * @param frame the next frame of the batch
	 * @return this fan-out
	 */
	public WsFanOut frame(WebSocketMessage<?> frame) {
		Assert.notNull(frame, "'frame' must not be null");
		this.frame = Frame.of(frame).encoded();
		return this;
	}

	/**
	 * Queue the frame for a session. Never blocks and never writes; a closed or overflowing session is skipped as
	 * {@link DefaultWsSession#deliver} would.
	 * @param session the session
	 */
	public void add(DefaultWsSession session) {
		Frame frame = this.frame;
		Assert.state(frame != null, "No frame set");
		if (!session.deliverLater(frame)) {
			return;
		}
		DefaultWsSession[] pending = this.pending;
		if (pending == null) {
			pending = new DefaultWsSession[CHUNK];
			this.pending = pending;
		}
		pending[this.count++] = session;
		if (this.count == CHUNK) {
			if (this.held != null) {
				this.held.add(pending);
				this.pending = null;
				this.count = 0;
			}
			else {
				flush();
			}
		}
	}

	/** Hand the sessions added since the last flush to the flush executor. Call once the last session is added. */
	public void flush() {
		if (this.held != null) {
			for (DefaultWsSession[] chunk : this.held) {
				this.registry.flush(chunk, CHUNK);
			}
			this.held.clear();
		}
		DefaultWsSession[] pending = this.pending;
		if (pending != null && this.count > 0) {
			this.registry.flush(pending, this.count);
		}
		this.pending = null;
		this.count = 0;
	}

}
