package io.github.wsstarter.client;

import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsClient;
import io.github.wsstarter.WsConnection;
import io.github.wsstarter.WsException;
import io.github.wsstarter.handler.WsHandlerMethodDetector;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsFrameSinks;
import io.github.wsstarter.session.WsIoExecutors;
import io.github.wsstarter.session.WsMessageEncoder;
import io.github.wsstarter.session.WsSessionListener;
import io.github.wsstarter.session.WsSessionMonitor;
import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsSessionSettings;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

/**
 * {@link WsClient} over Spring's {@link StandardWebSocketClient} (the Jakarta WebSocket client of the container on
 * the class path, Tomcat's with Spring Boot's default), chosen because its connections are Spring
 * {@code WebSocketSession}s: the client then runs the server's own handler, registry and outbound queue for them,
 * one dispatch code path for both sides. Its connections are written through the Jakarta API (a client masks its
 * frames, so the server's direct writes do not apply). Thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
final class DefaultWsClient implements WsClient {

	/** Tomcat's client reads its handshake timeout from this user property. */
	private static final String TOMCAT_IO_TIMEOUT = "org.apache.tomcat.websocket.IO_TIMEOUT_MS";

	private static final Log logger = LogFactory.getLog(DefaultWsClient.class);

	/** How long {@link #close()} waits for the connections' {@code @WsOnClose} methods at most. */
	private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

	private static final AtomicInteger CLIENTS = new AtomicInteger();

	private final String threadPrefix;

	private final ExecutorService callbacks;

	private final WsIoExecutors executors;

	private final WsMessageEncoder encoder;

	private final WsSessionRegistry registry;

	private final WsSessionMonitor monitor;

	private final WebSocketHandler handler;

	private final WebSocketContainer container = ContainerProvider.getWebSocketContainer();

	private final StandardWebSocketClient client = new StandardWebSocketClient(this.container);

	private final ReconnectScheduler reconnects = new ReconnectScheduler(this::handshake);

	private final WsClientSettings settings;

	private volatile boolean closed;

	DefaultWsClient(WsHandlerMethodDetector detector, String path, WsSessionSettings sessionSettings,
			WsClientSettings settings) {
		this.threadPrefix = "ws-client-" + CLIENTS.incrementAndGet() + "-callbacks-";
		CustomizableThreadFactory threads = new CustomizableThreadFactory(this.threadPrefix);
		threads.setDaemon(true);
		this.callbacks = Executors.newCachedThreadPool(threads);
		this.executors = new WsIoExecutors(this.callbacks, this.callbacks::shutdown);
		this.encoder = new WsMessageEncoder(settings.jsonMapper());
		this.registry = new WsSessionRegistry(this.encoder, sessionSettings,
				this.executors, WsFrameSinks.forClient(DefaultWsClient.class.getClassLoader()));
		this.registry.addListener(new SessionsListener());
		// Heartbeats, and the time limits of writes and closes, as on the server
		this.monitor = new WsSessionMonitor(this.registry);
		this.monitor.start();
		this.handler = detector.createHandler(path, this.registry, () -> this.closed, settings.jsonMapper(),
				settings.typeField());
		this.settings = settings;
		// Handshakes on the client's own threads, not a new thread for each
		this.client.setTaskExecutor(new TaskExecutorAdapter(this.callbacks));
		this.client.setUserProperties(
				Map.of(TOMCAT_IO_TIMEOUT, String.valueOf(settings.connectTimeout().toMillis())));
	}

	@Override
	public WsConnection connect(URI uri) {
		ClientConnection connection = start(uri);
		try {
			return connection.opened.get(this.settings.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof WsException failure) ? failure : failed(uri, ex.getCause());
		}
		catch (TimeoutException | InterruptedException ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			WsException failure = failed(uri, ex);
			connection.failed(failure);
			throw failure;
		}
	}

	@Override
	public CompletableFuture<WsConnection> connectAsync(URI uri) {
		ClientConnection connection = start(uri);
		CompletableFuture<WsConnection> result = connection.opened.thenApply(WsConnection.class::cast);
		// Cancelled, or timed out by the caller: the connection is not wanted any more
		result.whenComplete((opened, ex) -> {
			if (ex != null && !connection.opened.isDone()) {
				connection.failed(new WsException("The connection to " + uri + " was given up by its caller", ex));
			}
		});
		return result;
	}

	/** Start the first handshake of a new connection. */
	private ClientConnection start(URI uri) {
		ClientConnection connection = new ClientConnection(uri, this.encoder, this.settings.reconnect(),
				this.settings.bufferWhileDisconnected());
		if (this.closed) {
			connection.failed(new WsException("This WsClient is closed"));
			return connection;
		}
		this.reconnects.track(connection);
		handshake(connection).whenComplete((session, ex) -> {
			if (ex != null) {
				connection.failed(failed(uri, ex));
			}
			else if (!connection.opened.isDone()) {
				connection.failed(new WsException("The connection to " + uri + " closed as it opened"));
			}
			if (connection.opened.isCompletedExceptionally()) {
				this.reconnects.ended(connection);
			}
		});
		return connection;
	}

	/** One handshake for the connection: its first, or a reconnect. */
	private CompletableFuture<?> handshake(ClientConnection connection) {
		if (this.closed) {
			return CompletableFuture.failedFuture(new WsException("This WsClient is closed"));
		}
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		this.settings.headers().forEach(headers::add);
		if (!this.settings.subprotocols().isEmpty()) {
			headers.setSecWebSocketProtocol(this.settings.subprotocols());
		}
		return this.client
			.execute(new ConnectionHandler(this.handler, connection, this.reconnects), headers, connection.uri())
			.orTimeout(this.settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	private static WsException failed(URI uri, Throwable failure) {
		Throwable cause = unwrap(failure);
		return new WsException("Could not connect to " + uri + ": " + why(cause), cause);
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	/** Why a handshake failed, in a few words: the root cause's message (with the HTTP status, when there was one). */
	static String why(Throwable failure) {
		Throwable cause = unwrap(failure);
		if (cause instanceof TimeoutException) {
			return "no handshake within the connect timeout";
		}
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf((root.getMessage() != null) ? root.getMessage() : root);
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		for (ClientConnection connection : this.reconnects.shutdown()) {
			connection.end();
		}
		for (DefaultWsSession session : this.registry.sessions()) {
			session.close(WsCloseCause.SHUTDOWN);
		}
		// Their @WsOnClose methods run before the threads stop, unless this is one of the threads they would need
		if (!ConnectionHandler.isHandlerThread() && !Thread.currentThread().getName().startsWith(this.threadPrefix)) {
			try {
				if (!this.registry.awaitEmpty(CLOSE_WAIT)) {
					logger.debug("Connections of a closed WsClient still open after " + CLOSE_WAIT);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.monitor.stop();
		this.executors.destroy();
		destroy(this.container);
	}

	/**
	 * Stop the container's threads: Tomcat's client container has a {@code destroy()} method for that, Jetty's is a
	 * life cycle to {@code stop()}.
	 */
	private static void destroy(WebSocketContainer container) {
		Method stop = ReflectionUtils.findMethod(container.getClass(), "destroy");
		if (stop == null && container.getClass().getName().startsWith("org.eclipse.jetty.")) {
			stop = ReflectionUtils.findMethod(container.getClass(), "stop");
		}
		if (stop != null && stop.getParameterCount() == 0) {
			try {
				stop.invoke(container);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.debug("Could not stop the WebSocket client container", ex);
			}
		}
	}

	/**
	 * Tells a connection of its session: before the session's {@code @WsOnInit} methods run, before its
	 * {@code @WsOnClose} methods run (the connection is down), and after them (time to reconnect).
	 */
	private final class SessionsListener implements WsSessionListener {

		@Override
		public void opened(DefaultWsSession session) {
			if (session.connection() instanceof ClientConnection connection && !connection.opening(session)) {
				// The connection found another session or closed meanwhile
				session.close(WsCloseCause.SHUTDOWN);
			}
		}

		@Override
		public void closed(DefaultWsSession session) {
			if (session.connection() instanceof ClientConnection connection) {
				connection.down(session);
			}
		}

		@Override
		public void removed(DefaultWsSession session) {
			if (session.connection() instanceof ClientConnection connection) {
				if (connection.removed(session)) {
					DefaultWsClient.this.reconnects.lost(connection);
				}
				else if (connection.isClosed()) {
					DefaultWsClient.this.reconnects.ended(connection);
				}
			}
		}

		@Override
		public void joined(DefaultWsSession session, String room) {
		}

		@Override
		public void left(DefaultWsSession session, String room) {
		}

	}

}
