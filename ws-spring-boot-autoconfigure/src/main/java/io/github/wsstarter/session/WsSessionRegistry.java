package io.github.wsstarter.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.WsCloseCause;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The open sessions of this instance, by id, and the rooms they are in.
 * <p>
 * Thread-safe. A session enters at the handshake; when its close is observed it leaves its rooms (a room with no
 * session left is removed), and once its {@code @WsOnClose} methods have run it leaves the registry. What its handshake
 * reserved (a connection-limit permit) is given back when its socket has ended.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class WsSessionRegistry {

	/**
	 * Handshake attribute holding a {@link Runnable} to run once when the session's socket has ended: a handshake
	 * interceptor that reserves something for a connection (a connection-limit permit) releases it this way. The
	 * session takes it out of its attributes when it opens.
	 */
	public static final String PERMIT_ATTRIBUTE = WsSessionRegistry.class.getName() + ".permit";

	/**
	 * How long a closed session's socket may linger before its permit is given back anyway: Tomcat's session close
	 * timeout (30 s), checked by its background process every 10 s, and a second more.
	 */
	private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(41);

	private static final Log logger = LogFactory.getLog(WsSessionRegistry.class);

	private final Map<String, DefaultWsSession> sessions = new ConcurrentHashMap<>();

	private final SessionListeners listeners = new SessionListeners();

	private final WsObservers observers = new WsObservers();

	/** The paths of the endpoints registered with the container. */
	private final Set<String> endpointPaths = new java.util.concurrent.CopyOnWriteArraySet<>();

	private final Map<String, Set<DefaultWsSession>> rooms = new ConcurrentHashMap<>();

	/** Closed sessions whose socket may not have ended yet, with when they closed. */
	private final Map<DefaultWsSession, Long> lingering = new ConcurrentHashMap<>();

	private final WsMessageEncoder encoder;

	private final WsSessionSettings settings;

	private final WsIoExecutors executors;

	private final WsFrameSinks sinks;

	private final WsStatistics statistics = new WsStatistics();

	private final ClientFaultLog clientFaults;

	/**
	 * Create a registry.
	 * @param encoder the encoder that {@link io.github.wsstarter.WsSession#send(Object)} uses
	 * @param settings the limits that apply to every session
	 * @param executors the threads that write, close and call back
	 * @param sinks how sessions are written
	 */
	public WsSessionRegistry(WsMessageEncoder encoder, WsSessionSettings settings, WsIoExecutors executors,
			WsFrameSinks sinks) {
		Assert.notNull(encoder, "'encoder' must not be null");
		Assert.notNull(settings, "'settings' must not be null");
		Assert.notNull(executors, "'executors' must not be null");
		Assert.notNull(sinks, "'sinks' must not be null");
		this.encoder = encoder;
		this.settings = settings;
		this.executors = executors;
		this.sinks = sinks;
		this.clientFaults = new ClientFaultLog(settings.clientFaultWarningsPerMinute());
	}

	/**
	 * Record that an endpoint was registered with the container.
	 * @param path its path
	 */
	public void addEndpointPath(String path) {
		this.endpointPaths.add(path);
	}

	/**
	 * Return the paths of the endpoints registered with the container, in the order they were.
	 * @return the paths, unmodifiable
	 */
	public Set<String> endpointPaths() {
		return Collections.unmodifiableSet(this.endpointPaths);
	}

	/**
	 * Return what observes the sessions, and whether handler calls set the logging MDC; set them before the first
	 * session opens.
	 * @return the observers
	 */
	public WsObservers observers() {
		return this.observers;
	}

	/**
	 * Start a delivery of one frame to many sessions of this instance.
	 * @param frame the encoded frame
	 * @return the delivery, to {@link WsFanOut#add add} sessions to and then {@link WsFanOut#flush flush}
	 */
	public WsFanOut fanOut(WebSocketMessage<?> frame) {
		Assert.notNull(frame, "'frame' must not be null");
		return new WsFanOut(this, Frame.of(frame).encoded());
	}

	/**
	 * Start a batch of frames on their way to sessions of this instance: {@link WsFanOut#frame set} each frame, add
	 * its sessions, and {@link WsFanOut#flush flush} once at the end, when each session gets its frames in one write.
	 * A session added to a batch waits for that flush, so keep a batch to what is at hand.
	 * @return the batch
	 */
	public WsFanOut fanOutBatch() {
		return new WsFanOut(this, null);
	}

	/** Write what a fan-out queued for the first {@code count} sessions, on the flush executor. */
	void flush(DefaultWsSession[] sessions, int count) {
		this.executors.flush(() -> {
			for (int i = 0; i < count; i++) {
				try {
					sessions[i].flush();
				}
				catch (RuntimeException ex) {
					logger.warn("Could not write to WebSocket session '" + sessions[i].id() + "'", ex);
				}
			}
		});
	}

	/**
	 * Register a newly opened container session.
	 * @param session the container's session
	 * @param path the endpoint path it connected to
	 * @return the registered session
	 * @throws io.github.wsstarter.WsException if the session is of a kind the starter cannot write
	 */
	public DefaultWsSession open(WebSocketSession session, String path) {
		Runnable permit = (session.getAttributes().remove(PERMIT_ATTRIBUTE) instanceof Runnable reserved) ? reserved
				: null;
		FrameSink sink;
		try {
			sink = this.sinks.create(session, this.settings, this.executors);
		}
		catch (RuntimeException ex) {
			if (permit != null) {
				permit.run();
			}
			throw ex;
		}
		// Spring's session ids are random UUIDs: unique across the instances of a cluster too
		DefaultWsSession wsSession = new DefaultWsSession(session, path, this, sink, this.executors);
		wsSession.holdPermit(permit);
		// Listeners hear of the opening before anything else can reach the session (a join, a close by id)
		this.listeners.opened(wsSession);
		wsSession.observer().sessionOpened(wsSession);
		this.sessions.put(wsSession.id(), wsSession);
		return wsSession;
	}

	/**
	 * Register a listener for sessions opening, closing, joining and leaving rooms: a clustered transport keeps the
	 * other instances' view of this one with it.
	 * @param listener the listener
	 */
	public void addListener(WsSessionListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Remove a listener added with {@link #addListener}.
	 * @param listener the listener
	 */
	public void removeListener(WsSessionListener listener) {
		this.listeners.remove(listener);
	}

	SessionListeners listeners() {
		return this.listeners;
	}

	/**
	 * Take a session whose close was observed out of its rooms; it stays in the registry until {@link #remove}.
	 * @param session the session
	 */
	public void closed(DefaultWsSession session) {
		closed(session, CloseStatus.NO_CLOSE_FRAME);
	}

	/**
	 * Take a session whose close was observed out of its rooms, as {@link #closed(DefaultWsSession)}, with the
	 * status the container reported.
	 * @param session the session
	 * @param status the status the container reported
	 */
	public void closed(DefaultWsSession session, CloseStatus status) {
		if (session.unregister()) {
			this.listeners.closed(session);
			WsCloseCause cause = session.closeCause(status);
			session.observer()
				.sessionClosed(session, WsClosePolicy.reported(cause, status), cause,
						Duration.between(session.openedAt(), Instant.now()));
		}
	}

	/**
	 * Remove a closed session once its close callbacks have run. Only the first call for a session removes it.
	 * @param session the session
	 */
	public void remove(DefaultWsSession session) {
		closed(session);
		if (this.sessions.get(session.id()) != session) {
			return;
		}
		// The permit first: once a session has left, its place is free, if its socket has ended
		if (!session.releasePermitIfSocketClosed(false)) {
			this.lingering.put(session, System.nanoTime());
		}
		if (this.sessions.remove(session.id(), session)) {
			this.listeners.removed(session);
			if (this.sessions.isEmpty()) {
				synchronized (this.sessions) {
					this.sessions.notifyAll();
				}
			}
		}
	}

	/** Give back the permits of closed sessions whose socket has ended, or has lingered too long. */
	void checkLingering(long now) {
		this.lingering.forEach((session, since) -> {
			if (session.releasePermitIfSocketClosed(now - since > LINGER_NANOS)) {
				this.lingering.remove(session);
			}
		});
	}

	/**
	 * Wait until no session is open and every close callback has run.
	 * @param timeout how long to wait at most
	 * @return whether every session closed in time
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public boolean awaitEmpty(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.sessions) {
			while (!this.sessions.isEmpty()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.sessions, left);
			}
		}
		return true;
	}

	/**
	 * Return how many sessions are registered: open, or closed with their close callbacks still to run.
	 * @return the number of sessions
	 */
	public int size() {
		return this.sessions.size();
	}

	/**
	 * Return the session with the given id, open or closing.
	 * @param id the session id
	 * @return the session, or {@code null}
	 */
	public @Nullable DefaultWsSession get(String id) {
		return this.sessions.get(id);
	}

	/**
	 * Return a live, weakly consistent view of the registered sessions; a closing one is not {@code isOpen()}.
	 * @return the sessions
	 */
	public Collection<DefaultWsSession> sessions() {
		return Collections.unmodifiableCollection(this.sessions.values());
	}

	/**
	 * Return a live, weakly consistent view of the sessions in a room.
	 * @param room the room name
	 * @return the sessions, empty for an unknown room
	 */
	public Collection<DefaultWsSession> room(String room) {
		Set<DefaultWsSession> members = this.rooms.get(room);
		return (members != null) ? Collections.unmodifiableSet(members) : Collections.emptySet();
	}

	/**
	 * Return the names of the rooms at least one session of this instance is in.
	 * @return an unmodifiable snapshot
	 */
	public Set<String> roomNames() {
		return Set.copyOf(this.rooms.keySet());
	}

	void addToRoom(DefaultWsSession session, String room) {
		this.rooms.compute(room, (name, members) -> {
			Set<DefaultWsSession> set = (members != null) ? members : ConcurrentHashMap.newKeySet();
			set.add(session);
			return set;
		});
	}

	void removeFromRoom(DefaultWsSession session, String room) {
		this.rooms.computeIfPresent(room, (name, members) -> {
			members.remove(session);
			return members.isEmpty() ? null : members;
		});
	}

	WsMessageEncoder getEncoder() {
		return this.encoder;
	}

	/**
	 * Return the limits that apply to every session.
	 * @return the settings
	 */
	public WsSessionSettings getSettings() {
		return this.settings;
	}

	/**
	 * Return the counts of slow consumers, dropped messages, heartbeat timeouts and refusals.
	 * @return the statistics
	 */
	public WsStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * Return the log of what clients did wrong, rate-limited.
	 * @return the log
	 */
	public ClientFaultLog clientFaults() {
		return this.clientFaults;
	}

	/**
	 * Close every open session now, dropping what is still queued for it: the end of a shutdown wait.
	 */
	public void closeAll() {
		for (DefaultWsSession session : this.sessions.values()) {
			session.forceClose(WsCloseCause.SHUTDOWN);
		}
	}

}
