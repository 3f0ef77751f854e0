package io.github.wsstarter.client;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsstarter.ReconnectPolicy;
import io.github.wsstarter.WsClient;
import io.github.wsstarter.WsClientConnection;
import io.github.wsstarter.WsCloseCause;
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

	/** Guarded by {@link #lock}. */
	private final DisconnectedBuffer buffer;

	/** Completed once the first session's {@code @WsOnInit} methods have run. */
	final CompletableFuture<ClientConnection> opened = new CompletableFuture<>();

	/** Guards the fields below that are not volatile, and every change of {@link #current}. */
	private final Object lock = new Object();

	/** The session in use; {@code null} while down. */
	private volatile @Nullable DefaultWsSession current;

	/** Whether {@link #current} has finished opening; before, only {@link #opening} sends on it. */
	private volatile boolean ready;

	private @Nullable Thread opening;

	/** The id of the last session this connection took, open or not. */
	private @Nullable String lastSessionId;

	/** The session of a handshake that has just completed, until it opens (or is refused by the endpoint). */
	private @Nullable String claimedId;

	/** Names the reconnect attempt in flight; any other attempt, scheduled or completing late, is stale. */
	private long token;

	/** Whether an attempt is scheduled or under way. */
	private boolean attemptPending;

	/** When the session in use opened, in {@link System#nanoTime()}. */
	private long openedAt;

	/** Whether a session of this connection has finished opening once. */
	private boolean everOpened;

	/** Closed for good: by the application, the client, or a policy that gave up. */
	private volatile boolean closed;

	/** Down, and to be connected again. */
	private volatile boolean reconnecting;

	private volatile int reconnectCount;

	private volatile int attempt;

	/** How the last session closed, for the log. */
	private volatile @Nullable CloseStatus lastStatus;

	ClientConnection(URI uri, WsMessageEncoder encoder, @Nullable ReconnectPolicy policy, int bufferLimit) {
		this.uri = uri;
		this.encoder = encoder;
		this.policy = policy;
		this.buffer = new DisconnectedBuffer(uri, bufferLimit);
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
		return this.reconnecting && !this.closed;
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
			this.buffer.add(encoded, this.attempt);
			return true;
		}
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
			this.reconnecting = false;
			this.attemptPending = false;
			this.buffer.clear();
			return this.current;
		}
	}

	/** The first handshake failed or timed out: {@link WsClient#connect} throws {@code failure}. */
	void failed(WsException failure) {
		DefaultWsSession session = end();
		if (session != null) {
			session.close(WsCloseCause.SHUTDOWN);
		}
		this.opened.completeExceptionally(failure);
	}

	boolean isClosed() {
		return this.closed;
	}

	@Nullable ReconnectPolicy policy() {
		return this.policy;
	}

	/**
	 * Claim the session of a completed handshake for this connection, before any handler method sees it: not once
	 * closed, nor while it has (or is opening) another one. A claim ends the attempt in flight.
	 * @return {@code false} if the session must be closed unseen
	 */
	boolean claim(String sessionId) {
		synchronized (this.lock) {
			if (this.closed || this.current != null || this.claimedId != null) {
				return false;
			}
			this.claimedId = sessionId;
			this.attemptPending = false;
			this.token++;
			return true;
		}
	}

	/**
	 * A claimed session closed before it opened (the endpoint refused it).
	 * @return whether it was claimed, so that the connection needs another attempt
	 */
	boolean unclaim(String sessionId) {
		synchronized (this.lock) {
			if (!sessionId.equals(this.claimedId)) {
				return false;
			}
			this.claimedId = null;
			return true;
		}
	}

	/** Note how a session closed, for the log, if it was this connection's (a refused one was not). */
	void closedWith(String sessionId, CloseStatus status) {
		synchronized (this.lock) {
			if (sessionId.equals(this.lastSessionId)) {
				this.lastStatus = status;
			}
		}
	}

	@Nullable CloseStatus lastStatus() {
		return this.lastStatus;
	}

	/**
	 * Start the next attempt after a loss, or give up, as the policy says; one attempt at a time.
	 * @return the attempt's token (positive); 0 if there is nothing to attempt (closed, a session came meanwhile,
	 * or an attempt is in flight); -1 if the policy gives up now (closing the connection for good)
	 */
	long nextAttempt() {
		synchronized (this.lock) {
			if (this.closed || this.policy == null || !this.reconnecting || this.current != null
					|| this.claimedId != null || this.attemptPending) {
				return 0;
			}
			if (this.attempt >= this.policy.maxAttempts()) {
				end();
				return -1;
			}
			this.attempt++;
			this.attemptPending = true;
			return ++this.token;
		}
	}

	/** Whether the attempt with this token is still the one in flight. */
	boolean isCurrentAttempt(long token) {
		synchronized (this.lock) {
			return this.attemptPending && this.token == token && !this.closed;
		}
	}

	/**
	 * The attempt with this token failed.
	 * @return whether it was the attempt in flight (a stale one changes nothing)
	 */
	boolean attemptFailed(long token) {
		synchronized (this.lock) {
			if (!this.attemptPending || this.token != token) {
				return false;
			}
			this.attemptPending = false;
			return true;
		}
	}

	/**
	 * A session of this connection opened; its {@code @WsOnInit} methods are about to run on this thread.
	 * @return {@code false} if the connection is closed or has another session: the session must be closed
	 */
	boolean opening(DefaultWsSession session) {
		synchronized (this.lock) {
			if (this.closed || this.current != null || !session.id().equals(this.claimedId)) {
				return false;
			}
			this.claimedId = null;
			this.current = session;
			this.lastSessionId = session.id();
			this.openedAt = System.nanoTime();
			this.ready = false;
			this.opening = Thread.currentThread();
			if (this.everOpened) {
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
		synchronized (this.lock) {
			DefaultWsSession session = this.current;
			if (session == null || !session.id().equals(sessionId)) {
				return false;
			}
			this.opening = null;
			this.buffer.flushTo(session);
			this.everOpened = true;
			this.reconnecting = false;
			this.ready = true;
		}
		this.opened.complete(this);
		return true;
	}

	/**
	 * The close of a session of this connection was observed; its {@code @WsOnClose} methods are about to run, and
	 * see the connection down. Decides whether to connect again: not once the application closed it, nor without a
	 * policy, nor when the first session never finished opening. An attempt whose session lasted less than the
	 * policy's longest wait does not start the count again, so that a server that closes every connection at once
	 * is not hammered.
	 */
	void down(DefaultWsSession session) {
		synchronized (this.lock) {
			if (this.current != session) {
				return;
			}
			this.current = null;
			this.ready = false;
			this.opening = null;
			if (this.closed || this.policy == null || !this.everOpened) {
				this.closed = true;
				this.reconnecting = false;
				return;
			}
			this.reconnecting = true;
			if (System.nanoTime() - this.openedAt >= this.policy.max().toNanos()) {
				this.attempt = 0;
			}
		}
	}

	/**
	 * A session of this connection has left the registry, its {@code @WsOnClose} methods done.
	 * @return whether to start reconnecting now
	 */
	boolean removed(DefaultWsSession session) {
		synchronized (this.lock) {
			return this.reconnecting && !this.closed && this.current == null && session.id().equals(this.lastSessionId);
		}
	}

	@Override
	public String toString() {
		return "WsClientConnection[id=" + this.id + ", uri=" + this.uri + "]";
	}

}
