package io.github.wsstarter.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.github.wsstarter.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * {@link WsSession} over a Spring {@link WebSocketSession}. Sends go through one
 * {@link ConcurrentWebSocketSessionDecorator} per session, which lets one thread at a time write to the container and
 * buffers what other threads send meanwhile, in order, up to the send limits.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class DefaultWsSession implements WsSession {

	/** Sent to a client that falls behind the send time or buffer limit. */
	static final CloseStatus SLOW_CONSUMER = CloseStatus.POLICY_VIOLATION.withReason("slow consumer");

	private static final Log logger = LogFactory.getLog(DefaultWsSession.class);

	private final WebSocketSession delegate;

	private final ConcurrentWebSocketSessionDecorator sender;

	private final String path;

	private final Instant openedAt = Instant.now();

	private final WsSessionRegistry registry;

	/** The rooms this session is in; guarded by itself. */
	private final Set<String> rooms = new HashSet<>();

	/** Cleared, once, when the session leaves the registry. */
	private volatile boolean registered = true;

	DefaultWsSession(WebSocketSession delegate, String path, WsSessionRegistry registry) {
		this.delegate = delegate;
		this.path = path;
		this.registry = registry;
		this.sender = new ConcurrentWebSocketSessionDecorator(delegate, registry.getSendTimeLimit(),
				registry.getSendBufferSizeLimit());
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
	public boolean isOpen() {
		return this.registered && this.delegate.isOpen();
	}

	@Override
	public boolean send(Object message) {
		return deliver(this.registry.getEncoder().encode(message));
	}

	/**
	 * Hand an encoded frame to the connection. The frame may be shared with other sessions.
	 * @param frame the frame
	 * @return whether it was handed over
	 */
	public boolean deliver(WebSocketMessage<?> frame) {
		if (!isOpen()) {
			return false;
		}
		try {
			// The container reads a binary payload's position forward: give each session its own view
			this.sender.sendMessage((frame instanceof BinaryMessage binary)
					? new BinaryMessage(binary.getPayload().duplicate(), binary.isLast()) : frame);
			return true;
		}
		catch (SessionLimitExceededException ex) {
			logger.warn("Closing WebSocket session '" + id() + "' with 1008: slow consumer (" + ex.getMessage() + ")");
			closeQuietly(this.delegate, SLOW_CONSUMER);
			return false;
		}
		catch (IOException | RuntimeException ex) {
			// The connection failed or closed under us: the container reports the close on its own
			if (logger.isDebugEnabled()) {
				logger.debug("Could not send to WebSocket session '" + id() + "': " + ex);
			}
			return false;
		}
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) {
		Assert.notNull(status, "'status' must not be null");
		closeQuietly(this.sender, status);
	}

	private void closeQuietly(WebSocketSession session, CloseStatus status) {
		if (!this.delegate.isOpen()) {
			return;
		}
		try {
			session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not close WebSocket session '" + id() + "' with " + status + ": " + ex);
			}
		}
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

	/** Leave every room; called once by the registry when the session closes. */
	void unregister() {
		synchronized (this.rooms) {
			this.registered = false;
			for (String room : this.rooms) {
				this.registry.removeFromRoom(this, room);
			}
			this.rooms.clear();
		}
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
