package io.github.wsstarter.broadcast;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCluster;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.broadcast.WsBroadcast.Scope;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsFanOut;
import io.github.wsstarter.session.WsMessageEncoder;
import io.github.wsstarter.session.WsServerLifecycle;
import io.github.wsstarter.session.WsSessionRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * Default {@link WsBroadcaster}: encodes each message once and hands broadcasts to a {@link WsBroadcastTransport}.
 * {@link #shutdown()} is the {@link WsServerLifecycle}'s, which also closes the sessions when the context stops,
 * whatever broadcaster the application uses.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public class DefaultWsBroadcaster implements WsBroadcaster {

	private static final Log logger = LogFactory.getLog(DefaultWsBroadcaster.class);

	private final WsSessionRegistry registry;

	private final WsMessageEncoder encoder;

	private final WsBroadcastTransport transport;

	private final WsServerLifecycle lifecycle;

	private final WsCluster cluster;

	/**
	 * Create a broadcaster.
	 * @param registry the open sessions of this instance
	 * @param encoder how messages become frames
	 * @param transport where broadcasts go
	 * @param lifecycle whether handshakes are accepted, and the shutdown
	 * @param cluster which sessions other instances hold
	 */
	public DefaultWsBroadcaster(WsSessionRegistry registry, WsMessageEncoder encoder, WsBroadcastTransport transport,
			WsServerLifecycle lifecycle, WsCluster cluster) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(encoder, "'encoder' must not be null");
		Assert.notNull(transport, "'transport' must not be null");
		Assert.notNull(lifecycle, "'lifecycle' must not be null");
		Assert.notNull(cluster, "'cluster' must not be null");
		this.cluster = cluster;
		this.lifecycle = lifecycle;
		this.registry = registry;
		this.encoder = encoder;
		this.transport = transport;
	}

	@Override
	public boolean send(WsSession session, Object message) {
		Assert.notNull(session, "'session' must not be null");
		return session.send(message);
	}

	/**
	 * Send to the session with the given id: directly when it is connected to this instance, else through the
	 * transport, which for a clustered transport reaches the instance that holds it.
	 */
	@Override
	public boolean send(String sessionId, Object message) {
		Assert.notNull(sessionId, "'sessionId' must not be null");
		this.registry.observers().broadcast("session");
		DefaultWsSession session = this.registry.get(sessionId);
		if (session != null) {
			return session.send(message);
		}
		// Published even when no instance is known to have it: a session that opened a moment ago may not be known yet
		this.transport.publish(new WsBroadcast(Scope.SESSION, sessionId, this.encoder.encode(message)));
		return this.cluster.isConnected(sessionId);
	}

	@Override
	public boolean close(String sessionId, CloseStatus status) {
		Assert.notNull(status, "'status' must not be null");
		return command(new WsSessionCommand(sessionId, WsSessionCommand.Kind.CLOSE, null, status));
	}

	@Override
	public boolean join(String sessionId, String room) {
		Assert.hasText(room, "'room' must not be empty");
		return command(new WsSessionCommand(sessionId, WsSessionCommand.Kind.JOIN, room, null));
	}

	@Override
	public boolean leave(String sessionId, String room) {
		Assert.notNull(room, "'room' must not be null");
		return command(new WsSessionCommand(sessionId, WsSessionCommand.Kind.LEAVE, room, null));
	}

	/** Apply a command here when the session is here, else have the transport carry it to where it is. */
	private boolean command(WsSessionCommand command) {
		DefaultWsSession session = this.registry.get(command.sessionId());
		if (session != null) {
			boolean open = session.isOpen();
			command.applyTo(session);
			return open;
		}
		this.transport.forward(command);
		return this.cluster.isConnected(command.sessionId());
	}

	@Override
	public void sendAll(Object message) {
		publish(new WsBroadcast(Scope.ALL, null, this.encoder.encode(message)));
	}

	private void publish(WsBroadcast broadcast) {
		this.registry.observers().broadcast(broadcast.scope().name().toLowerCase(Locale.ROOT));
		this.transport.publish(broadcast);
	}

	@Override
	public void sendAll(Object message, Predicate<WsSession> filter) {
		Assert.notNull(filter, "'filter' must not be null");
		this.registry.observers().broadcast("all");
		WsFanOut fanOut = this.registry.fanOut(this.encoder.encode(message));
		try {
			for (DefaultWsSession session : this.registry.sessions()) {
				if (accepts(filter, session)) {
					fanOut.add(session);
				}
			}
		}
		finally {
			fanOut.flush();
		}
	}

	private boolean accepts(Predicate<WsSession> filter, DefaultWsSession session) {
		try {
			return filter.test(session);
		}
		catch (RuntimeException ex) {
			logger.warn("Broadcast filter failed for WebSocket session '" + session.id() + "'; skipping it", ex);
			return false;
		}
	}

	@Override
	public void sendAllExcept(WsSession except, Object message) {
		Assert.notNull(except, "'except' must not be null");
		publish(new WsBroadcast(Scope.ALL_EXCEPT, except.id(), this.encoder.encode(message)));
	}

	@Override
	public void sendToRoom(String room, Object message) {
		Assert.hasText(room, "'room' must not be empty");
		publish(new WsBroadcast(Scope.ROOM, room, this.encoder.encode(message)));
	}

	@Override
	public Collection<WsSession> sessions() {
		return this.registry.sessions().stream().filter(DefaultWsSession::isOpen).map(WsSession.class::cast).toList();
	}

	@Override
	public Optional<WsSession> session(String id) {
		Assert.notNull(id, "'id' must not be null");
		DefaultWsSession session = this.registry.get(id);
		return (session != null && session.isOpen()) ? Optional.of(session) : Optional.empty();
	}

	/** Delegates to the server lifecycle: refuse handshakes, close every session with 1001. */
	@Override
	public void shutdown() {
		this.lifecycle.shutdown();
	}

	@Override
	public boolean isShutdown() {
		return !this.lifecycle.isAccepting();
	}

}
