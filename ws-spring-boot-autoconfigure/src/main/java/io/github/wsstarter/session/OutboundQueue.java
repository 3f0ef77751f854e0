package io.github.wsstarter.session;

import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * The outbound queue of one session, whatever the container. Senders only enqueue; one writer at a time hands frames
 * to the session's {@link FrameSink}, so no sender waits for the network and a client that reads slowly delays nobody
 * else. Frames from one thread are written in the order that thread queued them.
 * <p>
 * The writer role is taken by whichever thread finds the queue idle and passed on by the sink's completion; a
 * completion inside the write call is looped, not recursed. A writer hands the role to the flush executor after a few
 * writes in a row, so that one caller never writes for others for long. A write the sink cannot start (the container
 * is writing a frame of its own) is tried again on the timer. What waits is bounded by
 * {@code ws.send-buffer-size-limit} (close, or drop the oldest); a write in progress for longer than
 * {@code ws.send-time-limit} makes a slow consumer. A close is queued behind the frames before it, or (abort) drops
 * them and waits at most a short grace period for the write in progress.
 *
 * @author ws-spring-boot-starter team
 */
final class OutboundQueue implements FrameSink.Completion {

	/** What {@link #offer} did with a frame. */
	enum Offer {

		/** Not queued: closed, too slow, or dropped. */
		REFUSED,

		/** Queued; a writer will write it. */
		QUEUED,

		/** Queued, and the caller holds the writer role: it must {@link #flush()}, on any thread. */
		FLUSH

	}

	/** What the queue tells its session. */
	interface Listener {

		void sent();

		void pingWritten();

		void dropped();

		/** A data frame was queued, with {@code waiting} bytes (or characters) waiting for this session with it. */
		void queued(Frame frame, long waiting);

		void slowConsumer(String why);

		/** A write failed other than by the container closing the connection; the queue has stopped. */
		void writeFailed(Throwable ex);

	}

	/** No more frames are added to one write once it holds this many payload bytes. */
	private static final int MAX_BATCH_BYTES = 256 * 1024;

	/** Writes one writer makes in a row before it hands the role to the flush executor. */
	static final int MAX_WRITES_IN_A_ROW = 8;

	private static final long MAX_RETRY_DELAY_MILLIS = 50;

	/** How long an abort waits for the write in progress to end before it closes under it. */
	static final long CLOSE_GRACE_NANOS = 500_000_000L;

	private static final int IN_CALL = 0;

	private static final int RETURNED = 1;

	private static final int COMPLETED = 2;

	private final FrameSink sink;

	private final Listener listener;

	private final WsSessionSettings settings;

	private final WsIoExecutors executors;

	private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

	/** Bytes waiting in the queue, not counting the write in progress. */
	private final AtomicLong queued = new AtomicLong();

	private final AtomicBoolean writing = new AtomicBoolean();

	/** Where the current write is: still inside the call, returned, or completed inside the call. */
	private final AtomicInteger phase = new AtomicInteger();

	/** An item polled while filling a write that could not go into it: the next to handle. Writer role only. */
	private @Nullable Object carried;

	/** Whether the write in progress is a ping. Writer role only. */
	private boolean pinging;

	/** {@code System.nanoTime()} when the write in progress started, {@code 0} when none is. */
	private volatile long writeStarted;

	private volatile boolean closed;

	/** The close to make once no write is in progress, with when it was asked for. */
	private final AtomicReference<@Nullable PendingClose> pendingClose = new AtomicReference<>();

	OutboundQueue(FrameSink sink, Listener listener, WsSessionSettings settings, WsIoExecutors executors) {
		this.sink = sink;
		this.listener = listener;
		this.settings = settings;
		this.executors = executors;
	}

	/**
	 * Queue a frame. Never blocks; writes at once when the queue is idle, unless {@code later} is set.
	 * @param frame the frame, this session's own view
	 * @param later leave the writing to the caller, who gets {@link Offer#FLUSH} if it must flush
	 */
	Offer offer(Frame frame, boolean later) {
		if (this.closed) {
			return Offer.REFUSED;
		}
		if (!later && this.queue.isEmpty() && this.writing.compareAndSet(false, true)) {
			// Nothing waiting and nobody writing: hand the frame over at once, without a queue node
			if (this.closed) {
				runPendingClose();
				return Offer.REFUSED;
			}
			this.carried = frame;
			drain();
			this.listener.queued(frame, frame.size());
			return Offer.QUEUED;
		}
		long size = frame.size();
		long waiting = this.queued.addAndGet(size);
		if (waiting > this.settings.sendBufferSizeLimit()) {
			if (!this.settings.dropOnOverflow()) {
				this.queued.addAndGet(-size);
				this.listener.slowConsumer("more than " + this.settings.sendBufferSizeLimit() + " bytes waiting");
				return Offer.REFUSED;
			}
			if (!dropOldest()) {
				this.queued.addAndGet(-size);
				this.listener.dropped();
				return Offer.REFUSED;
			}
		}
		this.queue.add(frame);
		// What waits now, after any drop of older frames
		this.listener.queued(frame, (waiting > this.settings.sendBufferSizeLimit()) ? this.queued.get() : waiting);
		if (this.writing.compareAndSet(false, true)) {
			if (later) {
				return Offer.FLUSH;
			}
			drain();
		}
		else {
			checkWriteTime(System.nanoTime());
		}
		return Offer.QUEUED;
	}

	/** Write what is queued: the caller holds the writer role, from an {@link Offer#FLUSH}. */
	void flush() {
		drain();
	}

	/** Drop the oldest waiting data frames until a new one fits; pings and closes are never dropped. */
	private boolean dropOldest() {
		while (this.queued.get() > this.settings.sendBufferSizeLimit()) {
			Object oldest = this.queue.peek();
			if (!(oldest instanceof Frame frame)) {
				break;
			}
			if (!this.queue.remove(frame)) {
				continue; // the writer took it meanwhile: look again
			}
			this.queued.addAndGet(-frame.size());
			this.listener.dropped();
		}
		return this.queued.get() <= this.settings.sendBufferSizeLimit();
	}

	/** Queue a ping; never writes on the calling thread (the monitor's). */
	void offerPing(ByteBuffer payload) {
		offerControl(new Ping(payload));
	}

	/** Queue a close behind everything queued before it. */
	void offerClose(CloseStatus status, boolean closeSocket) {
		offerControl(new PendingClose(status, closeSocket, 0));
	}

	private void offerControl(Object item) {
		if (this.closed) {
			return;
		}
		this.queue.add(item);
		if (this.writing.compareAndSet(false, true)) {
			this.executors.flush(this::drain);
		}
	}

	/** Stop writing, drop what is queued, and close as soon as no write is in progress (at most the grace). */
	void abort(CloseStatus status, boolean closeSocket) {
		this.pendingClose.compareAndSet(null, new PendingClose(status, closeSocket, System.nanoTime()));
		stop();
		// Without a writer, nobody else will run the close; with one, it runs it when its write ends
		if (this.writing.compareAndSet(false, true)) {
			runPendingClose();
		}
	}

	/** Stop writing and drop what is queued: the session has closed. */
	void discard() {
		stop();
	}

	private void stop() {
		this.closed = true;
		this.queue.clear();
		this.queued.set(0);
	}

	/** Run by the holder of the writer role, which it keeps for ever: nothing is written after a close. */
	private void runPendingClose() {
		PendingClose close = this.pendingClose.getAndSet(null);
		if (close != null) {
			this.executors.io(() -> this.sink.close(close.status(), close.closeSocket()));
		}
	}

	/** Called by the monitor and by senders that find a write in progress. */
	void checkWriteTime(long now) {
		long started = this.writeStarted;
		if (started != 0 && now - started > this.settings.sendTimeLimit().toNanos()) {
			this.listener.slowConsumer("a write has not completed in " + this.settings.sendTimeLimit().toMillis()
					+ " ms");
		}
	}

	/** Called by the monitor: a close still waiting after the grace waits for a write that will not end. */
	void checkPendingClose(long now) {
		PendingClose close = this.pendingClose.get();
		if (close != null && now - close.since() > CLOSE_GRACE_NANOS) {
			runPendingClose();
		}
	}

	long queuedBytes() {
		return this.queued.get();
	}

	/** Run by the writer-role holder until the queue is empty, a write completes later, or it hands the role on. */
	private void drain() {
		for (int writes = 0;; writes++) {
			if (this.closed) {
				runPendingClose();
				return;
			}
			if (writes == MAX_WRITES_IN_A_ROW && this.executors.tryFlush(this::drain)) {
				return;
			}
			Object item = next();
			if (item == null) {
				this.writing.set(false);
				// A frame queued after the poll, whose sender saw the writer role taken, would be stranded; so
				// would an abort made meanwhile
				if ((this.queue.isEmpty() && !this.closed) || !this.writing.compareAndSet(false, true)) {
					return;
				}
				continue;
			}
			if (item instanceof PendingClose close) {
				stop();
				this.executors.io(() -> this.sink.close(close.status(), close.closeSocket()));
				return;
			}
			if (!start(item, 1)) {
				return;
			}
		}
	}

	private @Nullable Object next() {
		Object item = this.carried;
		if (item != null) {
			// the frame of an idle session's sender, never counted, or a control item
			this.carried = null;
			return item;
		}
		item = this.queue.poll();
		if (item instanceof Frame frame) {
			this.queued.addAndGet(-frame.size());
		}
		return item;
	}

	/**
	 * Start writing a ping, or a batch that begins with the given frame.
	 * @return {@code true} to go on on this thread, {@code false} if a completion or a retry will
	 */
	private boolean start(Object item, long retryDelayMillis) {
		if (item instanceof Ping ping) {
			this.pinging = true;
			if (retryDelayMillis == 1) {
				this.writeStarted = System.nanoTime() | 1;
			}
			this.phase.set(IN_CALL);
			if (!this.sink.ping(ping.payload().duplicate(), this)) {
				retryLater(ping, retryDelayMillis);
				return false;
			}
			return !this.phase.compareAndSet(IN_CALL, RETURNED);
		}
		return write(batch((Frame) item), retryDelayMillis);
	}

	private Frame[] batch(Frame first) {
		int max = this.sink.maxBatchFrames();
		if (max == 1 || this.queue.isEmpty()) {
			return new Frame[] { first };
		}
		Frame[] frames = new Frame[Math.min(max, 16)];
		frames[0] = first;
		int count = 1;
		long bytes = first.size();
		while (count < max && bytes < MAX_BATCH_BYTES) {
			Object next = this.queue.poll();
			if (next == null) {
				break;
			}
			if (!(next instanceof Frame frame)) {
				this.carried = next;
				break;
			}
			if (count == frames.length) {
				frames = Arrays.copyOf(frames, Math.min(max, frames.length * 2));
			}
			frames[count++] = frame;
			bytes += frame.size();
			this.queued.addAndGet(-frame.size());
		}
		return (count == frames.length) ? frames : Arrays.copyOf(frames, count);
	}

	private boolean write(Frame[] frames, long retryDelayMillis) {
		if (retryDelayMillis == 1) {
			this.writeStarted = System.nanoTime() | 1;
		}
		this.pinging = false;
		this.phase.set(IN_CALL);
		if (!this.sink.write(frames, frames.length, this)) {
			retryLater(frames, retryDelayMillis);
			return false;
		}
		// If the completion already ran inside the call, carry on here: no recursion
		return !this.phase.compareAndSet(IN_CALL, RETURNED);
	}

	/** The sink was busy: try the same write again on the timer, the pauses doubling from 1 ms to 50 ms. */
	private void retryLater(Object write, long delayMillis) {
		long delay = Math.min(MAX_RETRY_DELAY_MILLIS, delayMillis);
		if (!this.executors.schedule(() -> retry(write, delay * 2), delay)) {
			failed(new ClosedChannelException());
		}
	}

	private void retry(Object write, long nextDelayMillis) {
		if (this.closed) {
			this.writeStarted = 0;
			runPendingClose();
			return;
		}
		if (System.nanoTime() - this.writeStarted > this.settings.sendTimeLimit().toNanos()) {
			failed(new SocketTimeoutException("The connection was busy for " + this.settings.sendTimeLimit().toMillis()
					+ " ms"));
			return;
		}
		boolean goOn = (write instanceof Frame[] frames) ? write(frames, nextDelayMillis)
				: start(write, nextDelayMillis);
		if (goOn) {
			// Never drain on the timer: hand the rest to the flush executor
			this.executors.flush(this::drain);
		}
	}

	@Override
	public void completed() {
		this.writeStarted = 0;
		if (this.pinging) {
			this.listener.pingWritten();
		}
		else {
			this.listener.sent();
		}
		if (this.phase.compareAndSet(IN_CALL, COMPLETED)) {
			return; // the thread still inside the write goes on
		}
		drain();
	}

	/** A write failed: the caller holds the writer role, and keeps it; the session closes. */
	@Override
	public void failed(Throwable ex) {
		this.writeStarted = 0;
		stop();
		if (!(ex instanceof ClosedChannelException) && !this.sink.isOutputClosed()) {
			this.listener.writeFailed(ex);
		}
		// else the container has sent its close frame (the client closed, or a close of ours went first): it
		// refuses anything more, and reports the close itself
		runPendingClose();
	}

	private record Ping(ByteBuffer payload) {
	}

	/** A close: queued ({@code since} 0) or asked for by an abort at {@code since}. */
	private record PendingClose(CloseStatus status, boolean closeSocket, long since) {
	}

}
