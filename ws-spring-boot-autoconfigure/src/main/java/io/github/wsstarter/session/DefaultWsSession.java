package io.github.wsstarter.session;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsConnection;
import io.github.wsstarter.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * {@link WsSession} over a Spring {@link WebSocketSession}: rooms, attributes, why it closed, and the parts it is made
 * of: its {@link OutboundQueue}, its {@link SessionHealth} (heartbeat, idle, slow-consumer checks), and the order of
 * its callbacks ({@link SessionCallbacks}).
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class DefaultWsSession implements WsSession {

	/**
	 * The attribute of a Spring session, taken out when it is opened, that holds what handler methods get for a
	 * {@code WsConnection} parameter instead of the session itself: a client's connection over its reconnects.
	 */
	public static final String CONNECTION_ATTRIBUTE = DefaultWsSession.class.getName() + ".connection";

	private final WebSocketSession delegate;

	private final String path;

	private final Instant openedAt = Instant.now();

	private final WsSessionRegistry registry;

	private final FrameSink sink;

	private final OutboundQueue outbound;

	private final SessionLiveness liveness;

	private final SessionHealth health;

	private final SessionCallbacks callbacks;

	private final WsEndpointObserver observer;

	private final WsConnection connection;

	/** The rooms this session is in; guarded by itself. */
	private final Set<String> rooms = new HashSet<>();

	/** Cleared, once, when the close is observed. */
	private volatile boolean registered = true;

	/** Set once, by whoever closes first; {@code null} until the server closes or the close is reported. */
	private final AtomicReference<@Nullable WsCloseCause> closeCause = new AtomicReference<>();

	/** What the handshake reserved for this connection (a connection-limit permit), given back once its socket ends. */
	private volatile @Nullable Runnable permit;

	DefaultWsSession(WebSocketSession delegate, String path, WsSessionRegistry registry, FrameSink sink,
			WsIoExecutors executors) {
		this.delegate = delegate;
		this.path = path;
		this.registry = registry;
		this.sink = sink;
		this.liveness = new SessionLiveness(registry.getSettings());
		this.health = new SessionHealth(this, registry, this.liveness);
		this.outbound = new OutboundQueue(sink, this.health, registry.getSettings(), executors);
		this.callbacks = new SessionCallbacks(executors);
		this.observer = registry.observers().endpoint(path);
		this.connection = (delegate.getAttributes().remove(CONNECTION_ATTRIBUTE) instanceof WsConnection given) ? given
				: this;
	}

	/**
	 * Return what handler methods get for a {@code WsConnection} parameter: this session, or the client connection
	 * it serves.
	 * @return the connection, never {@code null}
	 */
	public WsConnection connection() {
		return this.connection;
	}

	/**
	 * Return how log lines name this session: {@code WebSocket session 'id' on '/path'} on a server,
	 * {@code WebSocket client connection 'id' to ws://...} for a {@code WsClient}'s connection.
	 * @return the description
	 */
	public String describe() {
		return isClientSide() ? "WebSocket client connection '" + id() + "' to " + this.connection.uri()
				: "WebSocket session '" + id() + "' on '" + this.path + "'";
	}

	/**
	 * Return whether this session is a {@code WsClient}'s connection to a server, rather than a server's session.
	 * @return {@code true} on a client
	 */
	public boolean isClientSide() {
		return this.connection != this;
	}

	/**
	 * Return what observes this session's endpoint.
	 * @return the observer, {@link WsEndpointObserver#NONE} when nothing observes it
	 */
	public WsEndpointObserver observer() {
		return this.observer;
	}

	@Override
	public String id() {
		return this.delegate.getId();
	}

	@Override
	public String path() {
		return this.path;
	}

	@Override
	@SuppressWarnings("NullAway") // the container always knows the handshake URI of an open session
	public URI uri() {
		return this.delegate.getUri();
	}

	@Override
	public @Nullable Principal principal() {
		return this.delegate.getPrincipal();
	}

	@Override
	public @Nullable InetSocketAddress remoteAddress() {
		return this.delegate.getRemoteAddress();
	}

	@Override
	public Map<String, Object> attributes() {
		return this.delegate.getAttributes();
	}

	@Override
	public Instant openedAt() {
		return this.openedAt;
	}

	@Override
	public @Nullable Duration lastRoundTripTime() {
		return this.liveness.lastRoundTripTime();
	}

	/**
	 * Open: the server has not started a close and the container has not reported one; the one definition of
	 * "open". Between a client's close frame and the container's report of it, a send is refused by the sink, which
	 * writes nothing once the container is closing.
	 */
	@Override
	public boolean isOpen() {
		return this.registered && this.closeCause.get() == null;
	}

	@Override
	public boolean send(Object message) {
		return deliver(this.registry.getEncoder().encode(message));
	}

	/**
	 * Queue an encoded message for this client; it may be shared with other sessions. Never blocks.
	 * @param message a complete text or binary message, as {@link WsMessageEncoder} makes them
	 * @return whether it was queued
	 */
	public boolean deliver(WebSocketMessage<?> message) {
		return isOpen() && this.outbound.offer(Frame.of(message).forSession(), false) != OutboundQueue.Offer.REFUSED;
	}

	/**
	 * Queue a broadcast's frame without writing it.
	 * @return whether the caller must have this session flushed ({@link #flush()}), on any thread
	 */
	boolean deliverLater(Frame frame) {
		return isOpen() && this.outbound.offer(frame.forSession(), true) == OutboundQueue.Offer.FLUSH;
	}

	/** Write what {@link #deliverLater} queued. */
	void flush() {
		this.outbound.flush();
	}

	@Override
	public void close(CloseStatus status) {
		WsClosePolicy.checkSendable(status);
		close(status, WsCloseCause.SERVER_CLOSED);
	}

	/**
	 * Close with the status of {@link WsClosePolicy} for the cause, after what is queued.
	 * @param cause why, as {@code @WsOnClose} will see it
	 */
	public void close(WsCloseCause cause) {
		close(WsClosePolicy.status(cause), cause);
	}

	/**
	 * Close after the messages already queued for this session have been written.
	 * @param status the status to close with
	 * @param cause why, as {@code @WsOnClose} will see it
	 */
	public void close(CloseStatus status, WsCloseCause cause) {
		Assert.notNull(status, "'status' must not be null");
		if (this.closeCause.compareAndSet(null, cause)) {
			this.outbound.offerClose(status, WsClosePolicy.closesSocket(cause));
		}
	}

	/**
	 * Close now, dropping what is queued, without blocking the caller.
	 * @return whether this call closed the session (the first close wins)
	 */
	boolean abort(WsCloseCause cause) {
		if (!this.closeCause.compareAndSet(null, cause)) {
			return false;
		}
		this.outbound.abort(WsClosePolicy.status(cause), WsClosePolicy.closesSocket(cause));
		return true;
	}

	/** Close now whatever is queued, keeping the cause already given, if any: the shutdown wait is over. */
	void forceClose(WsCloseCause cause) {
		if (!abort(cause)) {
			this.outbound.abort(WsClosePolicy.status(cause), true);
		}
	}

	OutboundQueue outbound() {
		return this.outbound;
	}

	/** Close as a slow consumer now (the queue and the monitor find them; tests too). */
	void slowConsumer(String why) {
		this.health.slowConsumer(why);
	}

	/**
	 * Note that a message arrived, and apply the rate limit.
	 * @return {@code false} if the message exceeds {@code ws.max-messages-per-second}
	 */
	public boolean tryAcceptMessage() {
		return this.liveness.received();
	}

	/**
	 * Note that part of a message arrived: a large message read slowly in parts is not idle.
	 */
	public void partReceived() {
		this.liveness.partReceived();
	}

	/**
	 * Take a pong: if it answers the ping in flight, record and return the round-trip time.
	 * @param payload the pong's payload
	 * @return the round-trip time, or {@code null} for a pong that answers no ping of ours
	 */
	public @Nullable Duration pong(ByteBuffer payload) {
		Duration roundTrip = this.liveness.pong(payload);
		if (roundTrip != null) {
			this.observer.heartbeatRoundTrip(roundTrip);
		}
		return roundTrip;
	}

	/** The monitor's periodic look: a close stuck behind a write, a write stuck, idle time, heartbeat. */
	void check(long now) {
		this.health.check(now);
	}

	/**
	 * Return why this session closed: the cause the server closed it with, or one read from the status.
	 * @param status the status the connection closed with
	 * @return the cause
	 */
	public WsCloseCause closeCause(CloseStatus status) {
		WsCloseCause cause = this.closeCause.get();
		// A session that serves a client's connection has a server for its peer
		return (cause != null) ? cause : WsClosePolicy.inferred(status, this.connection != this);
	}

	/**
	 * Return whether the server started this session's close (rather than the client or the container).
	 * @return {@code true} if a close cause was set on this side
	 */
	public boolean isClosedByServer() {
		return this.closeCause.get() != null;
	}

	/**
	 * Return the order of this session's callbacks.
	 * @return the callbacks' sequence
	 */
	public SessionCallbacks callbacks() {
		return this.callbacks;
	}

	@Override
	public void join(String room) {
		Assert.hasText(room, "'room' must not be empty");
		// One lock per session orders its joins, leaves and unregistration, so that the registry's rooms and this
		// set always agree; the registry never takes this lock, so there is no lock-order cycle
		synchronized (this.rooms) {
			if (this.registered && this.rooms.add(room)) {
				this.registry.addToRoom(this, room);
				this.registry.listeners().joined(this, room);
			}
		}
	}

	@Override
	public void leave(String room) {
		Assert.notNull(room, "'room' must not be null");
		synchronized (this.rooms) {
			if (this.rooms.remove(room)) {
				this.registry.removeFromRoom(this, room);
				this.registry.listeners().left(this, room);
			}
		}
	}

	@Override
	public Set<String> rooms() {
		synchronized (this.rooms) {
			return Set.copyOf(this.rooms);
		}
	}

	/**
	 * Leave every room and stop sending; called by the registry when the close is observed.
	 * @return whether this call unregistered the session (only the first does)
	 */
	boolean unregister() {
		this.outbound.discard();
		synchronized (this.rooms) {
			if (!this.registered) {
				return false;
			}
			this.registered = false;
			for (String room : this.rooms) {
				this.registry.removeFromRoom(this, room);
			}
			this.rooms.clear();
		}
		return true;
	}

	/** Hold what the handshake reserved, to give it back when the socket ends. */
	void holdPermit(@Nullable Runnable permit) {
		this.permit = permit;
	}

	/**
	 * Give the permit back if the socket has ended (or {@code force}).
	 * @return whether nothing is held any more
	 */
	boolean releasePermitIfSocketClosed(boolean force) {
		Runnable permit = this.permit;
		if (permit == null) {
			return true;
		}
		if (!force && !this.sink.isSocketClosed()) {
			return false;
		}
		this.permit = null;
		permit.run();
		return true;
	}

	/**
	 * Return whether this session's frames are written straight to Tomcat's connection, several at a time
	 * ({@code ws.direct-writes}), rather than one by one through the Jakarta WebSocket API. For diagnostics.
	 * @return {@code true} for direct writes
	 */
	public boolean isDirectWrite() {
		return this.sink.isDirect();
	}

	/**
	 * Return the bytes waiting in this session's outbound queue.
	 * @return the queued bytes, not counting a write in progress
	 */
	public long queuedBytes() {
		return this.outbound.queuedBytes();
	}

	/**
	 * Return the container's session under this one.
	 * @return the Spring session
	 */
	public WebSocketSession getDelegate() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "WsSession[id=" + id() + ", path=" + this.path + "]";
	}

}
