package io.github.wsstarter.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsClient;
import io.github.wsstarter.WsConnection;
import io.github.wsstarter.WsException;
import io.github.wsstarter.handler.WsHandlerMethodDetector;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsFrameSinks;
import io.github.wsstarter.session.WsIoExecutors;
import io.github.wsstarter.session.WsMessageEncoder;
import io.github.wsstarter.session.WsSessionMonitor;
import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsSessionSettings;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
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

	private final ExecutorService callbacks;

	private final WsIoExecutors executors;

	private final WsSessionRegistry registry;

	private final WsSessionMonitor monitor;

	private final WebSocketHandler handler;

	private final StandardWebSocketClient client = new StandardWebSocketClient();

	private final Map<String, String> headers;

	private final List<String> subprotocols;

	private final Duration connectTimeout;

	private volatile boolean closed;

	DefaultWsClient(WsHandlerMethodDetector detector, String path, WsSessionSettings settings, Map<String, String> headers,
			List<String> subprotocols, Duration connectTimeout, JsonMapper jsonMapper, String typeField) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("ws-client-callbacks-");
		threads.setDaemon(true);
		this.callbacks = Executors.newCachedThreadPool(threads);
		this.executors = new WsIoExecutors(this.callbacks, this.callbacks::shutdown);
		this.registry = new WsSessionRegistry(new WsMessageEncoder(jsonMapper), settings, this.executors,
				WsFrameSinks.forContainer(false, DefaultWsClient.class.getClassLoader()));
		// Heartbeats, and the time limits of writes and closes, as on the server
		this.monitor = new WsSessionMonitor(this.registry);
		this.monitor.start();
		this.handler = detector.createHandler(path, this.registry, () -> this.closed, jsonMapper, typeField);
		this.headers = headers;
		this.subprotocols = subprotocols;
		this.connectTimeout = connectTimeout;
		this.client.setUserProperties(Map.of(TOMCAT_IO_TIMEOUT, String.valueOf(connectTimeout.toMillis())));
	}

	@Override
	public WsConnection connect(URI uri) {
		try {
			return connectAsync(uri).get(this.connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof WsException failure) ? failure : failed(uri, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw failed(uri, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failed(uri, ex);
		}
	}

	@Override
	public CompletableFuture<WsConnection> connectAsync(URI uri) {
		if (this.closed) {
			return CompletableFuture.failedFuture(new WsException("This WsClient is closed"));
		}
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		this.headers.forEach(headers::add);
		if (!this.subprotocols.isEmpty()) {
			headers.setSecWebSocketProtocol(this.subprotocols);
		}
		return this.client.execute(this.handler, headers, uri)
			.orTimeout(this.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.handle((session, ex) -> {
				if (ex != null) {
					throw failed(uri, (ex instanceof CompletionException) ? ex.getCause() : ex);
				}
				DefaultWsSession connection = this.registry.get(session.getId());
				if (connection == null) {
					throw new WsException("The connection to " + uri + " closed as it opened");
				}
				return connection;
			});
	}

	private static WsException failed(URI uri, Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String why = (cause instanceof TimeoutException) ? "no handshake within the connect timeout"
				: String.valueOf((root.getMessage() != null) ? root.getMessage() : root);
		return new WsException("Could not connect to " + uri + ": " + why, cause);
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		for (DefaultWsSession session : this.registry.sessions()) {
			session.close(WsCloseCause.SHUTDOWN);
		}
		this.monitor.stop();
		this.executors.destroy();
	}

}
