package io.github.wsstarter.test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Opens WebSocket connections to the server under test, for tests: {@link #connect(String)} returns a
 * {@link WsTestConnection} that records what the server sends and waits for it with bounded, descriptive waits. Its
 * connections are a small RFC 6455 client of the kit's own over a socket, independent of the server's code, that can
 * also stop reading and cut its connection like a real, misbehaving client.
 * <p>
 * Injected by {@link AutoConfigureWsTestClient}, or made with {@link #create(String)}. Immutable and thread-safe:
 * {@link #header}, {@link #origin}, {@link #timeout} and {@link #jsonMapper} return a changed copy.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public final class WsTestClient {

	/** How long the waits of a connection last unless {@link #timeout(Duration)} says otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private final Supplier<String> baseUri;

	private final Supplier<String> defaultPath;

	private final Map<String, String> headers;

	private final Duration timeout;

	private final JsonMapper jsonMapper;

	private final String typeField;

	private WsTestClient(Supplier<String> baseUri, Supplier<String> defaultPath, Map<String, String> headers,
			Duration timeout, JsonMapper jsonMapper, String typeField) {
		this.typeField = typeField;
		this.baseUri = baseUri;
		this.defaultPath = defaultPath;
		this.headers = headers;
		this.timeout = timeout;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Return a client of the server at the given base URI.
	 * @param baseUri such as {@code ws://127.0.0.1:8080} (a context path may follow); paths are appended to it
	 * @return the client, whose {@link #connect()} opens {@code /ws}
	 */
	public static WsTestClient create(String baseUri) {
		Assert.isTrue(baseUri.startsWith("ws://") || baseUri.startsWith("wss://"),
				() -> "'baseUri' must start with ws:// or wss://, not '" + baseUri + "'");
		String base = baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri;
		return new WsTestClient(() -> base, () -> "/ws", Map.of(), DEFAULT_TIMEOUT, new JsonMapper(), "type");
	}

	/** The client of the server of a test's context, read when connecting: the server starts after the bean. */
	static WsTestClient bindTo(Environment environment, JsonMapper jsonMapper) {
		Supplier<String> base = () -> {
			String port = environment.getProperty("local.server.port");
			if (port == null) {
				throw new IllegalStateException("No server is running in this test's context: use "
						+ "@SpringBootTest(webEnvironment = RANDOM_PORT) or DEFINED_PORT with @AutoConfigureWsTestClient");
			}
			String scheme = environment.getProperty("server.ssl.enabled", Boolean.class, false) ? "wss" : "ws";
			String contextPath = StringUtils.trimTrailingCharacter(
					environment.getProperty("server.servlet.context-path", ""), '/');
			return scheme + "://localhost:" + port + contextPath;
		};
		return new WsTestClient(base, () -> environment.getProperty("ws.path", "/ws"), Map.of(), DEFAULT_TIMEOUT,
				jsonMapper, environment.getProperty("ws.type-field", "type"));
	}

	/**
	 * Return a copy that sends this header with every handshake ({@code Authorization}, {@code Cookie}, ...).
	 * @param name the header name
	 * @param value its value
	 * @return the changed copy
	 */
	public WsTestClient header(String name, String value) {
		Assert.hasText(name, "'name' must not be empty");
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new WsTestClient(this.baseUri, this.defaultPath, Map.copyOf(headers), this.timeout, this.jsonMapper,
				this.typeField);
	}

	/**
	 * Return a copy that sends this {@code Origin} with every handshake, as a browser on that page would.
	 * @param origin such as {@code https://chat.example.com}
	 * @return the changed copy
	 */
	public WsTestClient origin(String origin) {
		return header("Origin", origin);
	}

	/**
	 * Return a copy whose connections wait at most this long by default ({@link #DEFAULT_TIMEOUT} unless set).
	 * @param timeout the default timeout of the waits, and of the handshake
	 * @return the changed copy
	 */
	public WsTestClient timeout(Duration timeout) {
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, "'timeout' must be positive");
		return new WsTestClient(this.baseUri, this.defaultPath, this.headers, timeout, this.jsonMapper, this.typeField);
	}

	/**
	 * Return a copy that writes and reads JSON with this mapper (the application's, when injected).
	 * @param jsonMapper the mapper
	 * @return the changed copy
	 */
	public WsTestClient jsonMapper(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
		return new WsTestClient(this.baseUri, this.defaultPath, this.headers, this.timeout, jsonMapper, this.typeField);
	}

	/**
	 * Connect to the application's default endpoint, {@code ws.path} ({@code /ws} unless set).
	 * @return the open connection
	 * @throws AssertionError if the handshake fails, with the HTTP status
	 */
	public WsTestConnection connect() {
		return connect(this.defaultPath.get());
	}

	/**
	 * Connect to an endpoint, waiting for the handshake at most the timeout.
	 * @param path the endpoint's path, with a query string if wanted, such as {@code /chat?room=lobby}
	 * @return the open connection
	 * @throws AssertionError if the handshake fails (its message says why, with the HTTP status) or times out
	 */
	public WsTestConnection connect(String path) {
		return connect(path, Map.of());
	}

	/**
	 * Connect to an endpoint with headers of its own, on top of this client's.
	 * @param path the endpoint's path, with a query string if wanted
	 * @param headers headers for this handshake only ({@code Origin}, {@code Cookie}, ...)
	 * @return the open connection
	 * @throws AssertionError if the handshake fails (its message says why, with the HTTP status) or times out
	 */
	public WsTestConnection connect(String path, Map<String, String> headers) {
		Map<String, String> all = new LinkedHashMap<>(this.headers);
		all.putAll(headers);
		URI uri = uri(path);
		WsTestConnection connection = new WsTestConnection(uri, this.timeout, this.jsonMapper, this.typeField);
		try {
			connection.open(SocketTransport.connect(uri, all, this.timeout, connection.log()));
			return connection;
		}
		catch (IOException ex) {
			throw new AssertionError("Could not connect to " + uri + ": " + describe(ex), ex);
		}
	}

	/**
	 * Attempt a handshake that the server should refuse, and return the HTTP status it answered with.
	 * @param path the endpoint's path
	 * @return the status of the refusal, such as 403
	 * @throws AssertionError if the handshake succeeds (the connection is closed), or fails without a response
	 */
	public int expectRefused(String path) {
		URI uri = uri(path);
		SocketTransport socket;
		try {
			socket = SocketTransport.connect(uri, this.headers, this.timeout, new MessageLog(uri));
		}
		catch (Handshake.Refused refused) {
			return refused.status;
		}
		catch (IOException ex) {
			throw new AssertionError("Expected the handshake to " + uri + " to be refused with an HTTP status, but: "
					+ describe(ex), ex);
		}
		socket.abort();
		throw new AssertionError("Expected the handshake to " + uri + " to be refused, but it succeeded");
	}

	private URI uri(String path) {
		Assert.isTrue(path.startsWith("/"), () -> "'path' must start with /, not '" + path + "'");
		return URI.create(this.baseUri.get() + path);
	}

	private String describe(IOException failure) {
		if (failure instanceof Handshake.Refused) {
			return failure.getMessage();
		}
		if (failure instanceof java.net.SocketTimeoutException) {
			return "no handshake within " + this.timeout;
		}
		return String.valueOf(failure);
	}

	@Override
	public String toString() {
		try {
			return "WsTestClient[" + this.baseUri.get() + this.defaultPath.get() + "]";
		}
		catch (IllegalStateException ex) {
			return "WsTestClient[no server yet]";
		}
	}

}
