package io.github.wsstarter.client;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsstarter.ReconnectPolicy;
import io.github.wsstarter.WsClient;
import io.github.wsstarter.WsClientConnection;
import io.github.wsstarter.WsException;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsClosePolicy;
import io.github.wsstarter.session.WsMessageEncoder;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * What {@link DefaultWsClient#connect} returns: one connection over the successive sessions of its reconnects. The
 * session in use is published only once its {@code @WsOnInit} methods have run and what was buffered while down has
 * been queued on it, so that a thread's messages keep their order across a reconnect; until then, only the thread
 * running {@code @WsOnInit} sends on it. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
final class ClientConnection implements WsClientConnection {

	private final String id = UUID.randomUUID().toString();

	private final URI uri;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final WsMessageEncoder encoder;

	private final @Nullable ReconnectPolicy policy;

	private final int bufferLimit;

	/** Completed once the first session's {@code @WsOnInit} methods have run. */
	final CompletableFuture<ClientConnection> opened = new CompletableFuture<>();

	/** Guards the fields below that are not volatile, and every change of {@link #current}. */
	private final Object lock = new Object();

	/** The session in use; {@code null} while down. */
	private volatile @Nullable DefaultWsSession current;

	/** Whether {@link #current} has finished opening; before, only {@link #opening} sends on it. */
	private volatile boolean ready;

	private @Nullable Thread opening;

	/** Closed for good: by the application, the client, or a policy that gave up. */
	private volatile boolean closed;

	private volatile int reconnectCount;

	private volatile int attempt;

	private final ArrayDeque<WebSocketMessage<?>> buffer = new ArrayDeque<>();

	private long bufferedBytes;

	ClientConnection(URI uri, WsMessageEncoder encoder, @Nullable ReconnectPolicy policy, int bufferLimit) {
		this.uri = uri;
		this.encoder = encoder;
		this.policy = policy;
		this.bufferLimit = bufferLimit;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public URI uri() {
		return this.uri;
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public boolean isOpen() {
		DefaultWsSession session = this.current;
		return session != null && session.isOpen() && (this.ready || this.opening == Thread.currentThread());
	}

	@Override
	public int reconnects() {
		return this.reconnectCount;
	}

	@Override
	public int reconnectAttempt() {
		return this.attempt;
	}

	@Override
	public boolean isReconnecting() {
		return !this.closed && this.policy != null && this.opened.isDone() && !this.ready;
	}

	@Override
	public boolean send(Object message) {
		DefaultWsSession session = this.current;
		if (session != null && this.ready && session.send(message)) {
			return true;
		}
		WebSocketMessage<?> encoded = this.encoder.encode(message);
		synchronized (this.lock) {
			session = this.current;
			if (session != null && (this.ready || this.opening == Thread.currentThread()) && session.deliver(encoded)) {
				return true;
			}
			if (this.closed || this.policy == null) {
				return false;
			}
			if (this.bufferLimit <= 0) {
				throw new WsException("Not connected to " + this.uri + ": reconnecting (attempt " + this.attempt
						+ "); build the client with bufferWhileDisconnected(maxBytes) to keep messages until then");
			}
			int size = encoded.getPayloadLength();
			if (this.bufferedBytes + size > this.bufferLimit) {
				throw new WsException("Not connected to " + this.uri + ": reconnecting (attempt " + this.attempt
						+ "), and the " + this.bufferLimit + " bytes kept until then are used up ("
						+ this.bufferedBytes + " bytes wait, this message has " + size + ")");
			}
			this.buffer.add(encoded);
			this.bufferedBytes += size;
			return true;
		}
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) {
		WsClosePolicy.checkSendable(status);
		DefaultWsSession session = end();
		if (session != null) {
			session.close(status);
		}
	}

	/**
	 * Close for good: no more reconnects, nothing kept.
	 * @return the session in use, to close, if any
	 */
	@Nullable DefaultWsSession end() {
		synchronized (this.lock) {
			this.closed = true;
			this.buffer.clear();
			this.bufferedBytes = 0;
			return this.current;
		}
	}

	/** The first handshake failed: {@link WsClient#connect} throws {@code failure}. */
	void failed(WsException failure) {
		end();
		this.opened.completeExceptionally(failure);
	}

	boolean isClosed() {
		return this.closed;
	}

	@Nullable ReconnectPolicy policy() {
		return this.policy;
	}

	/**
	 * Count the next attempt after a loss, or give up, as the policy says.
	 * @return the attempt, from 1; 0 if closed for good, -1 if the policy gives up now (closing it for good)
	 */
	int nextAttempt() {
		synchronized (this.lock) {
			if (this.closed || this.policy == null) {
				return 0;
			}
			if (this.attempt >= this.policy.maxAttempts()) {
				end();
				return -1;
			}
			return ++this.attempt;
		}
	}

	/**
	 * A session of this connection opened; its {@code @WsOnInit} methods are about to run on this thread.
	 * @return {@code false} if the connection is closed or has another session: the session must be closed
	 */
	boolean opening(DefaultWsSession session) {
		synchronized (this.lock) {
			if (this.closed || this.current != null) {
				return false;
			}
			this.current = session;
			this.ready = false;
			this.opening = Thread.currentThread();
			if (this.opened.isDone()) {
				this.reconnectCount++;
			}
			return true;
		}
	}

	/**
	 * The session's {@code @WsOnInit} methods have run: queue what was buffered, then let every thread send on it.
	 * @return whether the session is this connection's (one that closed while opening is not)
	 */
	boolean opened(String sessionId) {
		DefaultWsSession session;
		synchronized (this.lock) {
			session = this.current;
			if (session == null || !session.id().equals(sessionId)) {
				return false;
			}
			this.opening = null;
			while (!this.buffer.isEmpty() && session.deliver(this.buffer.peek())) {
				this.bufferedBytes -= this.buffer.remove().getPayloadLength();
			}
			this.ready = true;
		}
		this.opened.complete(this);
		return true;
	}

	/**
	 * A session of this connection closed, and its {@code @WsOnClose} methods were called.
	 * @return whether to connect again: not once the application closed it, nor without a policy
	 */
	boolean lost(String sessionId) {
		synchronized (this.lock) {
			DefaultWsSession session = this.current;
			if (session == null || !session.id().equals(sessionId)) {
				return false;
			}
			this.current = null;
			this.ready = false;
			this.opening = null;
			if (this.closed || this.policy == null || !this.opened.isDone()) {
				this.closed = true;
				return false;
			}
			this.attempt = 0;
			return true;
		}
	}

	@Override
	public String toString() {
		return "WsClientConnection[id=" + this.id + ", uri=" + this.uri + "]";
	}

}
