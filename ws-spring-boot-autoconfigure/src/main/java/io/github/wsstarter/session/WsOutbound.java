package io.github.wsstarter.session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * The outbound queue of one session. Senders only enqueue; one writer at a time hands frames to the container with its
 * asynchronous API, so no sender ever waits for the network and a client that reads slowly delays nobody else.
 * <p>
 * The writer role is taken by whichever thread finds the queue idle, and passed on by the container's completion
 * callback; a completion that happens inside the send call is looped, not recursed. A broadcast takes the role and
 * leaves the writing to the flush executor ({@link #offer(WebSocketMessage, boolean)}), so that its loop over the
 * sessions stays short and what is queued for a session meanwhile goes out in one write. On Tomcat, frames are written
 * by a {@link TomcatFrameWriter}, several in one write; elsewhere one by one through the Jakarta API. Pings, which the container only
 * writes blocking, are written on the session executor, never on a sender's thread. What is waiting (not yet handed to
 * the container) is bounded by the buffer limit; a write in progress for longer than the time limit marks the session
 * as a slow consumer. A close waits for the write in progress, for at most a short grace period.
 *
 * @author ws-spring-boot-starter team
 */
final class WsOutbound implements SendHandler, CompletionHandler<Long, Void> {

	private static final Log logger = LogFactory.getLog(WsOutbound.class);

	/** {@link #offer(WebSocketMessage, boolean)}: the frame was not queued. */
	static final int REFUSED = 0;

	/** {@link #offer(WebSocketMessage, boolean)}: the frame was queued, and a writer will write it. */
	static final int QUEUED = 1;

	/** {@link #offer(WebSocketMessage, boolean)}: the frame was queued, and the caller must {@link #flush()}. */
	static final int FLUSH = 2;

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(
			"org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer", WsOutbound.class.getClassLoader());

	/** At most this many frames in one write. */
	private static final int MAX_BATCH_FRAMES = 64;

	/** No more frames are added to a write once it holds this many payload bytes. */
	private static final int MAX_BATCH_BYTES = 256 * 1024;

	/**
	 * The longest pause between two tries of a direct write that a frame of Tomcat's holds up: the pauses double from
	 * 1 ms; nothing ever waits on a thread meanwhile.
	 */
	private static final long MAX_RETRY_DELAY_MILLIS = 50;

	private static final int IN_CALL = 0;

	private static final int RETURNED = 1;

	private static final int COMPLETED = 2;

	/** How long a close waits for the write in progress to end before it closes under it. */
	private static final long CLOSE_GRACE_NANOS = 500_000_000L;

	/** Tomcat's session property for the timeout of blocking sends, in milliseconds. */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final DefaultWsSession session;

	private final WsSessionSettings settings;

	private final @Nullable Session jakarta;

	private final RemoteEndpoint.@Nullable Async async;

	private final @Nullable TomcatFrameWriter direct;

	/** An item polled while filling a write that could not go into it: the next to handle. Writer role only. */
	private @Nullable Object carried;

	private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

	/** Bytes waiting in the queue, not counting the write in progress. */
	private final AtomicLong queued = new AtomicLong();

	private final AtomicBoolean writing = new AtomicBoolean();

	/** Where the current asynchronous send is: still inside the call, returned, or completed inside the call. */
	private final AtomicInteger phase = new AtomicInteger();

	/** {@code System.nanoTime()} when the write in progress started, {@code 0} when none is. */
	private volatile long writeStarted;

	private volatile boolean closed;

	/**
	 * The status to close with once no write is in progress: closing under a write in progress would make the
	 * container fail that write's next part outside of any handler.
	 */
	private final AtomicReference<CloseStatus> pendingClose = new AtomicReference<>();

	private volatile long pendingCloseSince;

	WsOutbound(DefaultWsSession session, WebSocketSession delegate, WsSessionSettings settings) {
		this.session = session;
		this.settings = settings;
		this.jakarta = (delegate instanceof NativeWebSocketSession nativeSession)
				? nativeSession.getNativeSession(Session.class) : null;
		this.async = (this.jakarta != null) ? this.jakarta.getAsyncRemote() : null;
		this.direct = (this.jakarta != null && TOMCAT_PRESENT && settings.directWrites())
				? TomcatFrameWriter.of(this.jakarta) : null;
		if (this.jakarta != null) {
			// Pings are written blocking: never longer than the heartbeat would wait for the answer. (No container send
			// timeout for the asynchronous writes: it costs a shared sorted set per write, and the monitor already
			// closes a session whose write is stuck.)
			this.jakarta.getUserProperties().put(BLOCKING_SEND_TIMEOUT, settings.heartbeatTimeout().toMillis());
		}
	}

	/**
	 * Queue a frame. Never blocks.
	 * @return {@code false} if the session is closed, too slow to take it, or (drop strategy) the frame was dropped
	 */
	boolean offer(WebSocketMessage<?> frame) {
		return offer(frame, false) != REFUSED;
	}

	/**
	 * Queue a frame. Never blocks, and never writes when {@code later} is set: a caller that gets {@link #FLUSH} holds
	 * the writer role and must pass it on with {@link #flush()}, on any thread.
	 * @return {@link #REFUSED} if the session is closed, too slow to take it, or (drop strategy) the frame was dropped;
	 * else {@link #QUEUED} or {@link #FLUSH}
	 */
	int offer(WebSocketMessage<?> frame, boolean later) {
		if (this.closed) {
			return REFUSED;
		}
		if (!later && this.queue.isEmpty() && this.writing.compareAndSet(false, true)) {
			// Nothing waiting and nobody writing: hand the frame over at once, without queueing it
			if (this.closed) {
				runPendingClose();
				return REFUSED;
			}
			if (write(frame)) {
				drain();
			}
			return QUEUED;
		}
		long size = sizeOf(frame);
		if (this.queued.addAndGet(size) > this.settings.sendBufferSizeLimit()) {
			if (!this.settings.dropOnOverflow()) {
				this.queued.addAndGet(-size);
				this.session.slowConsumer("more than " + this.settings.sendBufferSizeLimit() + " bytes waiting");
				return REFUSED;
			}
			if (!dropOldest(size)) {
				this.queued.addAndGet(-size);
				this.session.dropped();
				return REFUSED;
			}
		}
		this.queue.add(frame);
		if (this.writing.compareAndSet(false, true)) {
			if (later) {
				return FLUSH;
			}
			drain();
		}
		else {
			checkWriteTime(System.nanoTime());
		}
		return QUEUED;
	}

	/** Write what is queued: the caller holds the writer role, from an {@link #offer(WebSocketMessage, boolean)}. */
	void flush() {
		drain();
	}

	/**
	 * Make room for a new frame by dropping the oldest waiting messages (ws.overflow-strategy=drop).
	 * @return whether the new frame now fits
	 */
	private boolean dropOldest(long size) {
		while (this.queued.get() > this.settings.sendBufferSizeLimit()) {
			Object oldest = this.queue.poll();
			if (oldest == null) {
				break;
			}
			if (!(oldest instanceof TextMessage || oldest instanceof BinaryMessage)) {
				// Pings and close requests are never dropped; put it back and give up making room. A writer that
				// found the queue empty meanwhile has left: take its role, or the item would wait for the next frame
				this.queue.add(oldest);
				if (this.writing.compareAndSet(false, true)) {
					this.session.execute(this::drain);
				}
				break;
			}
			this.queued.addAndGet(-sizeOf((WebSocketMessage<?>) oldest));
			this.session.dropped();
		}
		return this.queued.get() <= this.settings.sendBufferSizeLimit();
	}

	/** Queue a ping from the monitor, which must never write itself: if the writer role is free, it goes to the executor. */
	void offerPing(PingMessage ping) {
		if (this.closed) {
			return;
		}
		this.queue.add(ping);
		if (this.writing.compareAndSet(false, true)) {
			this.session.execute(this::drain);
		}
	}

	/** Queue a close after everything queued before it. */
	void offerClose(CloseStatus status) {
		if (this.closed) {
			return;
		}
		this.queue.add(new CloseRequest(status));
		if (this.writing.compareAndSet(false, true)) {
			drain();
		}
	}

	/** Stop writing, drop what is queued, and close as soon as no write is in progress. */
	void abort(CloseStatus status) {
		if (this.pendingClose.compareAndSet(null, status)) {
			this.pendingCloseSince = System.nanoTime();
		}
		this.closed = true;
		this.queue.clear();
		this.queued.set(0);
		// Without a writer, nobody else will run the close; with one, it runs it when its write ends
		if (this.writing.compareAndSet(false, true)) {
			runPendingClose();
		}
	}

	/** Stop writing and drop what is queued: the session has closed. */
	void discard() {
		this.closed = true;
		this.queue.clear();
		this.queued.set(0);
	}

	/** Run by the holder of the writer role, which it then keeps for ever: nothing is written after a close. */
	private void runPendingClose() {
		CloseStatus status = this.pendingClose.getAndSet(null);
		if (status != null) {
			this.session.closeLater(status);
		}
	}

	/** Called by the session monitor and by senders that find a write in progress. */
	void checkWriteTime(long now) {
		long started = this.writeStarted;
		if (started != 0 && now - started > this.settings.sendTimeLimitNanos()) {
			this.session.slowConsumer("a write has not completed in " + this.settings.sendTimeLimit().toMillis() + " ms");
		}
	}

	/**
	 * Called by the session monitor: a close still waiting after the grace period waits for a write that will not
	 * end (the client does not read), so close now; the container then fails that write.
	 */
	void checkPendingClose(long now) {
		if (this.pendingClose.get() != null && now - this.pendingCloseSince > CLOSE_GRACE_NANOS) {
			runPendingClose();
		}
	}

	/** Whether the container has sent its close frame, or (not Tomcat) the session is no longer open. */
	private boolean isOutputClosed() {
		if (this.jakarta == null) {
			return !this.session.getDelegate().isOpen();
		}
		return (TOMCAT_PRESENT && TomcatFrameWriter.isOutputClosed(this.jakarta)) || !this.jakarta.isOpen();
	}

	/** Whether frames are written by a {@link TomcatFrameWriter} rather than through the Jakarta API. */
	boolean isDirect() {
		return this.direct != null;
	}

	long queuedBytes() {
		return this.queued.get();
	}

	/** Run by the thread that holds the writer role, until the queue is empty or a send completes later. */
	private void drain() {
		while (true) {
			if (this.closed) {
				runPendingClose();
				return;
			}
			Object item = this.carried;
			if (item != null) {
				this.carried = null;
			}
			else {
				item = this.queue.poll();
			}
			if (item == null) {
				this.writing.set(false);
				// A frame queued after the poll, whose sender saw the writer role taken, would be stranded; so would
				// an abort that happened meanwhile
				if ((this.queue.isEmpty() && !this.closed) || !this.writing.compareAndSet(false, true)) {
					return;
				}
				continue;
			}
			if (item instanceof CloseRequest close) {
				this.closed = true;
				this.queue.clear();
				this.session.closeLater(close.status());
				return;
			}
			if (item instanceof PingMessage ping) {
				// Written blocking: hand the writer role to the executor, unless this is an executor thread already
				if (this.session.isExecutorThread()) {
					if (!writePing(ping)) {
						return;
					}
					continue;
				}
				this.session.execute(() -> {
					if (writePing(ping)) {
						drain();
					}
				});
				return;
			}
			WebSocketMessage<?> frame = (WebSocketMessage<?>) item;
			this.queued.addAndGet(-sizeOf(frame));
			if (!write(frame)) {
				return;
			}
		}
	}

	private boolean writePing(PingMessage ping) {
		this.writeStarted = System.nanoTime() | 1;
		try {
			if (this.jakarta != null) {
				this.session.pingWritten();
				this.jakarta.getBasicRemote().sendPing(ping.getPayload());
			}
			this.writeStarted = 0;
			return true;
		}
		catch (IOException | RuntimeException ex) {
			failed(ex);
			return false;
		}
	}

	/**
	 * Hand one frame to the container.
	 * @return {@code true} to go on with the next frame on this thread, {@code false} if the completion will
	 */
	private boolean write(WebSocketMessage<?> frame) {
		if (this.direct != null && isData(frame)) {
			return writeDirect(frame);
		}
		try {
			this.writeStarted = System.nanoTime() | 1;
			if (this.async == null) {
				// A container without the Jakarta API: its own sends are blocking
				this.session.getDelegate().sendMessage(frame);
				this.writeStarted = 0;
				this.session.sent();
				return true;
			}
			this.phase.set(IN_CALL);
			if (frame instanceof TextMessage text) {
				this.async.sendText(text.getPayload(), this);
			}
			else {
				this.async.sendBinary(((BinaryMessage) frame).getPayload(), this);
			}
			// If the completion already ran inside the call, carry on here: no recursion
			return !this.phase.compareAndSet(IN_CALL, RETURNED);
		}
		catch (IOException | RuntimeException ex) {
			failed(ex);
			return false;
		}
	}

	private static boolean isData(@Nullable Object item) {
		return item instanceof TextMessage || item instanceof BinaryMessage;
	}

	/**
	 * Write the frame, and the data frames queued behind it, in one write below Tomcat's API.
	 * @return {@code true} to go on with the next frame on this thread, {@code false} if the completion will
	 */
	private boolean writeDirect(WebSocketMessage<?> first) {
		ByteBuffer[] buffers = new ByteBuffer[this.queue.isEmpty() ? 2 : 16];
		int length = addFrame(buffers, 0, first);
		long bytes = buffers[1].remaining();
		for (int frames = 1; frames < MAX_BATCH_FRAMES && bytes < MAX_BATCH_BYTES; frames++) {
			Object next = this.queue.poll();
			if (next == null) {
				break;
			}
			if (!isData(next)) {
				this.carried = next;
				break;
			}
			WebSocketMessage<?> frame = (WebSocketMessage<?>) next;
			this.queued.addAndGet(-sizeOf(frame));
			if (length + 2 > buffers.length) {
				buffers = Arrays.copyOf(buffers, buffers.length * 2);
			}
			length = addFrame(buffers, length, frame);
			bytes += buffers[length - 1].remaining();
		}
		this.writeStarted = System.nanoTime() | 1;
		return writeDirect(buffers, length, 1);
	}

	/**
	 * Hand a batch to the direct writer; if Tomcat is writing a frame of its own (a pong, a close), try again later on
	 * the session executor, without waiting on any thread.
	 * @return {@code true} to go on with the next frame on this thread, {@code false} if someone else will
	 */
	private boolean writeDirect(ByteBuffer[] buffers, int length, long retryDelayMillis) {
		this.phase.set(IN_CALL);
		if (!this.direct.tryWrite(buffers, length, this.settings.sendTimeLimit().toMillis(), this)) {
			long delay = Math.min(MAX_RETRY_DELAY_MILLIS, retryDelayMillis);
			if (!this.session.executeLater(() -> retryDirect(buffers, length, delay * 2), delay)) {
				failed(new IOException("The session executor has stopped"));
			}
			return false;
		}
		// If the completion already ran inside the call, carry on here: no recursion
		return !this.phase.compareAndSet(IN_CALL, RETURNED);
	}

	/** Try a batch again that a frame of Tomcat's held up, after a delay, on the session executor. */
	private void retryDirect(ByteBuffer[] buffers, int length, long nextDelayMillis) {
		if (this.closed) {
			this.writeStarted = 0;
			runPendingClose();
			return;
		}
		if (System.nanoTime() - this.writeStarted > this.settings.sendTimeLimitNanos()) {
			failed(new SocketTimeoutException("The connection was busy for " + this.settings.sendTimeLimit().toMillis()
					+ " ms"));
			return;
		}
		if (writeDirect(buffers, length, nextDelayMillis)) {
			drain();
		}
	}

	private static int addFrame(ByteBuffer[] buffers, int at, WebSocketMessage<?> frame) {
		if (frame instanceof TextMessage text) {
			byte[] payload = text.asBytes();
			buffers[at] = TomcatFrameWriter.header(true, payload.length);
			buffers[at + 1] = ByteBuffer.wrap(payload);
		}
		else {
			ByteBuffer payload = ((BinaryMessage) frame).getPayload();
			buffers[at] = TomcatFrameWriter.header(false, payload.remaining());
			buffers[at + 1] = payload;
		}
		return at + 2;
	}

	/** A write below Tomcat's API completed. */
	@Override
	public void completed(Long written, Void attachment) {
		this.writeStarted = 0;
		this.session.sent();
		if (this.phase.compareAndSet(IN_CALL, COMPLETED)) {
			return; // the thread still inside writeDirect() goes on
		}
		drain();
	}

	/** A write below Tomcat's API failed. */
	@Override
	public void failed(Throwable ex, Void attachment) {
		failed(ex);
	}

	@Override
	public void onResult(SendResult result) {
		this.writeStarted = 0;
		if (!result.isOK()) {
			failed(result.getException());
			return;
		}
		this.session.sent();
		if (this.phase.compareAndSet(IN_CALL, COMPLETED)) {
			return; // the thread still inside write() goes on
		}
		drain();
	}

	/** A write failed: the caller holds the writer role, and keeps it; the session closes. */
	private void failed(@Nullable Throwable ex) {
		this.writeStarted = 0;
		this.closed = true;
		this.queue.clear();
		this.queued.set(0);
		if (ex instanceof ClosedChannelException || (ex instanceof IllegalStateException && isOutputClosed())) {
			// The container has sent its close frame (the client closed, or a close of ours went first): it refuses
			// anything more, and reports the close itself
			if (logger.isDebugEnabled()) {
				logger.debug("WebSocket session '" + this.session.id() + "' closed under a write: " + ex);
			}
		}
		else {
			this.session.sendFailed(ex);
		}
		runPendingClose();
	}

	/** The size that counts against the buffer limit: characters for text, which costs nothing to compute. */
	static long sizeOf(WebSocketMessage<?> frame) {
		if (frame instanceof TextMessage text) {
			return text.getPayload().length();
		}
		Object payload = frame.getPayload();
		return (payload instanceof ByteBuffer buffer) ? buffer.remaining() : 0;
	}

	private record CloseRequest(CloseStatus status) {
	}

}
