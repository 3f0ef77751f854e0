package io.github.wsstarter.session;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * The outbound queue of one session. Senders only enqueue; one writer at a time hands frames to the container with its
 * asynchronous API, so no sender ever waits for the network and a client that reads slowly delays nobody else.
 * <p>
 * The writer role is taken by whichever thread finds the queue idle, and passed on by the container's completion
 * callback; a completion that happens inside the send call is looped, not recursed. What is waiting (not yet handed to
 * the container) is bounded by the buffer limit; a write in progress for longer than the time limit marks the session
 * as a slow consumer.
 *
 * @author ws-spring-boot-starter team
 */
final class WsOutbound implements SendHandler {

	private static final int IN_CALL = 0;

	private static final int RETURNED = 1;

	private static final int COMPLETED = 2;

	/** How long a close waits for the write in progress to end before it closes under it. */
	private static final long CLOSE_GRACE_NANOS = 500_000_000L;

	/** Tomcat's session property for the timeout of blocking sends, in milliseconds. */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final DefaultWsSession session;

	private final WsSessionSettings settings;

	private final RemoteEndpoint.@Nullable Async async;

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

	WsOutbound(DefaultWsSession session, WebSocketSession delegate, WsSessionSettings settings) {
		this.session = session;
		this.settings = settings;
		Session jakarta = jakartaSession(delegate);
		this.async = (jakarta != null) ? jakarta.getAsyncRemote() : null;
		if (jakarta != null) {
			// The container fails a write that makes no progress for this long, so a stuck write always ends
			this.async.setSendTimeout(settings.sendTimeLimit().toMillis());
			// Pings are written blocking: never longer than the heartbeat would wait for the answer
			jakarta.getUserProperties().put(BLOCKING_SEND_TIMEOUT, settings.heartbeatTimeout().toMillis());
		}
	}

	/**
	 * Queue a frame. Never blocks.
	 * @return {@code false} if the session is closed or too slow to take it
	 */
	boolean offer(WebSocketMessage<?> frame) {
		if (this.closed) {
			return false;
		}
		long size = sizeOf(frame);
		if (this.queued.addAndGet(size) > this.settings.sendBufferSizeLimit()) {
			if (!this.settings.dropOnOverflow()) {
				this.queued.addAndGet(-size);
				this.session.slowConsumer("more than " + this.settings.sendBufferSizeLimit() + " bytes waiting");
				return false;
			}
			dropOldest(size);
		}
		this.queue.add(frame);
		if (this.writing.compareAndSet(false, true)) {
			drain();
		}
		else {
			checkWriteTime(System.nanoTime());
		}
		return true;
	}

	/** Make room for a new frame by dropping the oldest waiting ones (ws.overflow-strategy=drop). */
	private void dropOldest(long size) {
		while (this.queued.get() > this.settings.sendBufferSizeLimit()) {
			Object oldest = this.queue.poll();
			if (oldest == null) {
				break;
			}
			if (!(oldest instanceof WebSocketMessage<?> message)) {
				this.queue.add(oldest); // a close request is never dropped
				continue;
			}
			this.queued.addAndGet(-sizeOf(message));
			this.session.dropped();
		}
		if (this.queued.get() > this.settings.sendBufferSizeLimit()) {
			// The new frame alone is larger than the limit
			this.queued.addAndGet(-size);
			this.session.dropped();
		}
	}

	/**
	 * Queue a frame from a thread that must never wait on a connection (the monitor's): if the writer role is free,
	 * the writing happens on the session executor.
	 */
	void offerFromMonitor(WebSocketMessage<?> frame) {
		if (this.closed) {
			return;
		}
		this.queued.addAndGet(sizeOf(frame));
		this.queue.add(frame);
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
		this.pendingClose.compareAndSet(null, status);
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
			this.session.slowConsumer("a send has taken longer than " + this.settings.sendTimeLimit().toMillis() + " ms");
		}
	}

	/**
	 * Called by the session monitor: a close waiting for a write that has not ended within the grace period will not
	 * see it end (the client does not read), so close now; the container then fails that write.
	 */
	void checkPendingClose(long now) {
		long started = this.writeStarted;
		if (this.pendingClose.get() != null && started != 0 && now - started > CLOSE_GRACE_NANOS) {
			runPendingClose();
		}
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
			Object item = this.queue.poll();
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
			WebSocketMessage<?> frame = (WebSocketMessage<?>) item;
			this.queued.addAndGet(-sizeOf(frame));
			if (!write(frame)) {
				return;
			}
		}
	}

	/**
	 * Hand one frame to the container.
	 * @return {@code true} to go on with the next frame on this thread, {@code false} if the completion will
	 */
	private boolean write(WebSocketMessage<?> frame) {
		try {
			if (this.async == null || frame instanceof PingMessage) {
				// Pings are tiny and sent only by the writer, so never behind a frame; other containers are blocking
				writeBlocking(frame);
				if (!(frame instanceof PingMessage)) {
					this.session.sent(); // a ping is no activity: it must not keep an idle session open
				}
				return true;
			}
			this.phase.set(IN_CALL);
			this.writeStarted = System.nanoTime() | 1;
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

	private void writeBlocking(WebSocketMessage<?> frame) throws IOException {
		WebSocketSession delegate = this.session.getDelegate();
		Session jakarta = jakartaSession(delegate);
		if (frame instanceof PingMessage ping && jakarta != null) {
			jakarta.getBasicRemote().sendPing(ping.getPayload());
		}
		else {
			delegate.sendMessage(frame);
		}
	}

	/** The Jakarta WebSocket session under a Spring one (Tomcat, Jetty, Undertow), or {@code null} for others. */
	private static @Nullable Session jakartaSession(WebSocketSession delegate) {
		return (delegate instanceof NativeWebSocketSession nativeSession)
				? nativeSession.getNativeSession(Session.class) : null;
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

	/** A write failed: the caller holds the writer role, and keeps it. */
	private void failed(@Nullable Throwable ex) {
		this.writeStarted = 0;
		this.closed = true;
		this.queue.clear();
		this.queued.set(0);
		this.session.sendFailed(ex);
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
