package io.github.wsstarter.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * {@link WsSession} over a Spring {@link WebSocketSession}: rooms, attributes, and the session's own outbound queue
 * ({@link WsOutbound}), so that sending never blocks and a slow client delays nobody else. It also keeps what the
 * {@link WsSessionMonitor} needs: heartbeat state, the time of the last message each way, and why it closed.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class DefaultWsSession implements WsSession {

	static final CloseStatus SLOW_CONSUMER = CloseStatus.POLICY_VIOLATION.withReason("slow consumer");

	static final CloseStatus IDLE = CloseStatus.GOING_AWAY.withReason("idle timeout");

	/** Not sent on the wire (the container sends 1002 if it can); what {@code @WsOnClose} reports. */
	static final CloseStatus HEARTBEAT_TIMEOUT = CloseStatus.NO_CLOSE_FRAME.withReason("heartbeat timeout");

	private static final Log logger = LogFactory.getLog(DefaultWsSession.class);

	private final WebSocketSession delegate;

	private final String path;

	private final Instant openedAt = Instant.now();

	private final WsSessionRegistry registry;

	private final WsOutbound outbound;

	/** The rooms this session is in; guarded by itself. */
	private final Set<String> rooms = new HashSet<>();

	/** Cleared, once, when the session leaves the registry. */
	private volatile boolean registered = true;

	/** Set once, by whoever closes first; {@code null} until the server closes or the close is reported. */
	private final AtomicReference<WsCloseCause> closeCause = new AtomicReference<>();

	private final AtomicBoolean droppedLogged = new AtomicBoolean();

	private final SessionLiveness liveness;

	DefaultWsSession(WebSocketSession delegate, String path, WsSessionRegistry registry) {
		this.delegate = delegate;
		this.path = path;
		this.registry = registry;
		this.outbound = new WsOutbound(this, delegate, registry.getSettings());
		this.liveness = new SessionLiveness(registry.getSettings());
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

	@Override
	public boolean isOpen() {
		return this.registered && this.closeCause.get() == null && this.delegate.isOpen();
	}

	@Override
	public boolean send(Object message) {
		return deliver(this.registry.getEncoder().encode(message));
	}

	/**
	 * Queue an encoded frame for this client. The frame may be shared with other sessions. Never blocks.
	 * @param frame the frame
	 * @return whether it was queued
	 */
	public boolean deliver(WebSocketMessage<?> frame) {
		return isOpen() && this.outbound.offer(ownView(frame));
	}

	/**
	 * Queue a broadcast's frame without writing it.
	 * @return whether the caller must have this session flushed ({@link #flush()}), on any thread
	 */
	boolean deliverLater(WebSocketMessage<?> frame) {
		return isOpen() && this.outbound.offer(ownView(frame), true) == WsOutbound.FLUSH;
	}

	/** Write what {@link #deliverLater} queued. */
	void flush() {
		this.outbound.flush();
	}

	/** The writer reads a binary payload's position forward: give each session its own view. */
	private static WebSocketMessage<?> ownView(WebSocketMessage<?> frame) {
		return (frame instanceof BinaryMessage binary)
				? new BinaryMessage(binary.getPayload().duplicate(), binary.isLast()) : frame;
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) {
		close(status, WsCloseCause.SERVER_CLOSED);
	}

	/**
	 * Close after the messages already queued for this session have been written.
	 * @param status the status to close with
	 * @param cause why, as {@code @WsOnClose} will see it
	 */
	public void close(CloseStatus status, WsCloseCause cause) {
		Assert.notNull(status, "'status' must not be null");
		if (this.closeCause.compareAndSet(null, cause)) {
			this.outbound.offerClose(status);
		}
	}

	/**
	 * Close now, dropping what is queued, without blocking the caller.
	 * @return whether this call closed the session (the first close wins)
	 */
	boolean abort(CloseStatus status, WsCloseCause cause) {
		if (!this.closeCause.compareAndSet(null, cause)) {
			return false;
		}
		this.outbound.abort(status);
		return true;
	}

	/** Close on the session executor: the container may wait briefly to send the close frame. */
	void closeLater(CloseStatus status) {
		this.registry.closeLater(this, status);
	}

	void execute(Runnable task) {
		this.registry.execute(task);
	}

	boolean executeLater(Runnable task, long delayMillis) {
		return this.registry.executeLater(task, delayMillis);
	}

	/** Called by the outbound queue when it reaches a close request, or by the close executor. */
	void closeNow(CloseStatus status) {
		if (!this.delegate.isOpen()) {
			return;
		}
		try {
			this.delegate.close(status);
		}
		catch (IOException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not close WebSocket session '" + id() + "' with " + status + ": " + ex);
			}
		}
	}

	void slowConsumer(String why) {
		if (abort(SLOW_CONSUMER, WsCloseCause.SLOW_CONSUMER)) {
			logger.warn("Closing WebSocket session '" + id() + "' on '" + this.path + "' with 1008: slow consumer ("
					+ why + ")");
			this.registry.getStatistics().slowConsumer();
		}
		else {
			// Already closing (a queued close, a shutdown) but stuck behind what it waits to flush: close now
			this.outbound.abort(SLOW_CONSUMER);
		}
	}

	/** Close now whatever is queued, keeping the cause already given, if any: the shutdown wait is over. */
	void forceClose(CloseStatus status, WsCloseCause cause) {
		if (!abort(status, cause)) {
			this.outbound.abort(status);
		}
	}

	boolean isExecutorThread() {
		return WsSessionRegistry.isExecutorThread();
	}

	void dropped() {
		this.registry.getStatistics().dropped();
		if (this.droppedLogged.compareAndSet(false, true)) {
			logger.warn("Dropping messages for WebSocket session '" + id() + "' on '" + this.path
					+ "': slow consumer (more than " + this.registry.getSettings().sendBufferSizeLimit()
					+ " bytes waiting); further drops are counted, not logged");
		}
	}

	void sent() {
		this.liveness.sent();
	}

	/** A write failed; the outbound queue has stopped and closes the session with what this decides. */
	void sendFailed(@Nullable Throwable ex) {
		if (ex instanceof SocketTimeoutException) {
			// The container gave up on a write that had not completed within the send time limit
			slowConsumer("a write has not completed in " + this.registry.getSettings().sendTimeLimit().toMillis() + " ms");
		}
		else if (ex instanceof IOException) {
			// The connection broke under us
			if (logger.isDebugEnabled()) {
				logger.debug("Could not send to WebSocket session '" + id() + "': " + ex);
			}
			abort(CloseStatus.NO_CLOSE_FRAME, WsCloseCause.DROPPED);
		}
		else {
			logger.warn("Closing WebSocket session '" + id() + "' on '" + this.path + "' with 1011: the container "
					+ "refused a message", ex);
			abort(CloseStatus.SERVER_ERROR.withReason("Internal error"), WsCloseCause.HANDLER_ERROR);
		}
	}

	void pingWritten() {
		this.liveness.pingWritten();
	}

	/**
	 * Note that a message arrived, and apply the rate limit.
	 * @return {@code false} if the message exceeds {@code ws.max-messages-per-second}
	 */
	public boolean received() {
		return this.liveness.received();
	}

	/**
	 * Take a pong: if it answers the ping in flight, record and return the round-trip time.
	 * @param payload the pong's payload
	 * @return the round-trip time, or {@code null} for a pong that answers no ping of ours
	 */
	public @Nullable Duration pong(ByteBuffer payload) {
		return this.liveness.pong(payload);
	}

	/** The monitor's periodic look: a close stuck behind a write, a write stuck, idle time, heartbeat. */
	void check(long now) {
		this.outbound.checkPendingClose(now);
		if (!isOpen()) {
			return;
		}
		this.outbound.checkWriteTime(now);
		switch (this.liveness.check(now)) {
			case IDLE -> {
				if (logger.isDebugEnabled()) {
					logger.debug("Closing idle WebSocket session '" + id() + "' with 1001");
				}
				abort(IDLE, WsCloseCause.IDLE_TIMEOUT);
			}
			case NO_PONG -> {
				if (logger.isDebugEnabled()) {
					logger.debug("Closing WebSocket session '" + id() + "': no pong within "
							+ this.registry.getSettings().heartbeatTimeout());
				}
				this.registry.getStatistics().heartbeatTimeout();
				abort(HEARTBEAT_TIMEOUT, WsCloseCause.HEARTBEAT_TIMEOUT);
			}
			case PING -> this.outbound
				.offerPing(new PingMessage(ByteBuffer.allocate(Long.BYTES).putLong(0, this.liveness.newPing(now))));
			case ALIVE -> {
			}
		}
	}

	/**
	 * Return why this session closed: the cause the server closed it with, or one read from the status.
	 * @param status the status the connection closed with
	 * @return the cause
	 */
	public WsCloseCause closeCause(CloseStatus status) {
		WsCloseCause cause = this.closeCause.get();
		if (cause != null) {
			return cause;
		}
		// Closed by the client, or by the container on its own: name it after the code
		return switch (status.getCode()) {
			case 1006 -> WsCloseCause.DROPPED;
			case 1009 -> WsCloseCause.MESSAGE_TOO_BIG;
			case 1007 -> WsCloseCause.INVALID_PAYLOAD;
			default -> WsCloseCause.CLIENT_CLOSED;
		};
	}

	/**
	 * Return the status that {@code @WsOnClose} should see: the container's, except after a heartbeat timeout, which
	 * is reported as the dropped connection (1006) it is, and for a slow consumer, always 1008.
	 * @param status the status the container reported
	 * @return the status to report
	 */
	public CloseStatus reportedStatus(CloseStatus status) {
		WsCloseCause cause = this.closeCause.get();
		if (cause == WsCloseCause.HEARTBEAT_TIMEOUT) {
			return HEARTBEAT_TIMEOUT;
		}
		// A stuck client may never see the close frame: the container then reports 1006
		return (cause == WsCloseCause.SLOW_CONSUMER) ? SLOW_CONSUMER : status;
	}

	@Override
	public void join(String room) {
		Assert.hasText(room, "'room' must not be empty");
		// One lock per session orders its joins, leaves and unregistration, so that the registry's rooms and this
		// set always agree; the registry never takes this lock, so there is no lock-order cycle
		synchronized (this.rooms) {
			if (this.registered && this.rooms.add(room)) {
				this.registry.addToRoom(this, room);
			}
		}
	}

	@Override
	public void leave(String room) {
		Assert.notNull(room, "'room' must not be null");
		synchronized (this.rooms) {
			if (this.rooms.remove(room)) {
				this.registry.removeFromRoom(this, room);
			}
		}
	}

	@Override
	public Set<String> rooms() {
		synchronized (this.rooms) {
			return Set.copyOf(this.rooms);
		}
	}

	/** Leave every room and stop sending; called once by the registry when the session closes. */
	void unregister() {
		this.outbound.discard();
		synchronized (this.rooms) {
			this.registered = false;
			for (String room : this.rooms) {
				this.registry.removeFromRoom(this, room);
			}
			this.rooms.clear();
		}
	}

	/**
	 * Return whether this session's frames are written straight to Tomcat's connection, several at a time
	 * ({@code ws.direct-writes}), rather than one by one through the Jakarta WebSocket API. For diagnostics.
	 * @return {@code true} for direct writes
	 */
	public boolean isDirectWrite() {
		return this.outbound.isDirect();
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
