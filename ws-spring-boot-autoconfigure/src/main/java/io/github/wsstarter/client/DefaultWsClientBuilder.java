package io.github.wsstarter.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.wsstarter.ReconnectPolicy;
import io.github.wsstarter.WsClient;
import io.github.wsstarter.WsHandlerDefinitionException;
import io.github.wsstarter.handler.WsHandlerMethodDetector;
import io.github.wsstarter.session.WsSessionSettings;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The {@link WsClient.Builder} of {@link WsClient#builder()} and of the auto-configured bean. Not thread-safe.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public final class DefaultWsClientBuilder implements WsClient.Builder {

	/** The path a client's handlers are registered under, unless they say otherwise with {@code @WsEndpoint}. */
	static final String CLIENT_PATH = "/client";

	/** The largest message a client takes: 1 MiB, text in characters, binary in bytes. */
	static final int MAX_MESSAGE_SIZE = 1024 * 1024;

	private final List<Object> handlers = new ArrayList<>();

	private final Map<String, String> headers = new LinkedHashMap<>();

	private final List<String> subprotocols = new ArrayList<>();

	private Duration connectTimeout = Duration.ofSeconds(10);

	private Duration heartbeatInterval = Duration.ofSeconds(25);

	private Duration heartbeatTimeout = Duration.ofSeconds(10);

	private JsonMapper jsonMapper;

	private String typeField = "type";

	private @Nullable ReconnectPolicy reconnect;

	/** Set by {@link #bufferWhileDisconnected(int)}; {@code -1} for the policy's. */
	private int bufferWhileDisconnected = -1;

	/** Create a builder with a default JSON mapper. */
	public DefaultWsClientBuilder() {
		this(new JsonMapper());
	}

	/**
	 * Create a builder with the given JSON mapper (the application's, for the auto-configured builder).
	 * @param jsonMapper the mapper
	 */
	public DefaultWsClientBuilder(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
		this.jsonMapper = jsonMapper;
	}

	@Override
	public WsClient.Builder handler(Object handler) {
		Assert.notNull(handler, "'handler' must not be null");
		this.handlers.add(handler);
		return this;
	}

	@Override
	public WsClient.Builder header(String name, String value) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(value, "'value' must not be null");
		this.headers.put(name, value);
		return this;
	}

	@Override
	public WsClient.Builder subprotocols(String... subprotocols) {
		this.subprotocols.addAll(Arrays.asList(subprotocols));
		return this;
	}

	@Override
	public WsClient.Builder connectTimeout(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
		this.connectTimeout = timeout;
		return this;
	}

	@Override
	public WsClient.Builder heartbeat(Duration interval, Duration timeout) {
		Assert.isTrue(interval != null && interval.toMillis() > 0, "'interval' must be positive");
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, "'timeout' must be positive");
		this.heartbeatInterval = interval;
		this.heartbeatTimeout = timeout;
		return this;
	}

	@Override
	public WsClient.Builder jsonMapper(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
		this.jsonMapper = jsonMapper;
		return this;
	}

	@Override
	public WsClient.Builder typeField(String typeField) {
		Assert.hasText(typeField, "'typeField' must not be empty");
		this.typeField = typeField;
		return this;
	}

	@Override
	public WsClient.Builder reconnect(ReconnectPolicy policy) {
		Assert.notNull(policy, "'policy' must not be null");
		this.reconnect = policy;
		return this;
	}

	@Override
	public WsClient.Builder bufferWhileDisconnected(int maxBytes) {
		Assert.isTrue(maxBytes >= 0, "'maxBytes' must not be negative");
		this.bufferWhileDisconnected = maxBytes;
		return this;
	}

	@Override
	public WsClient build() {
		// The server's discovery and checks: the same precise messages for a method that cannot be called
		WsHandlerMethodDetector detector = new WsHandlerMethodDetector(CLIENT_PATH, true);
		for (int i = 0; i < this.handlers.size(); i++) {
			// Named in messages by its class (and its place, if several): it need not be a bean
			Object handler = this.handlers.get(i);
			String name = ClassUtils.getShortName(AopProxyUtils.ultimateTargetClass(handler));
			detector.postProcessAfterInitialization(handler, (this.handlers.size() > 1) ? name + " #" + (i + 1) : name);
		}
		Set<String> paths = detector.endpointPaths();
		if (paths.size() > 1) {
			throw new WsHandlerDefinitionException("The handlers of one WsClient are for one connection, but their "
					+ "@WsEndpoint annotations name several paths " + paths + ": leave @WsEndpoint off client handlers");
		}
		String path = paths.isEmpty() ? CLIENT_PATH : paths.iterator().next();
		// The server's defaults, with room for larger messages than a server takes from browsers
		WsSessionSettings defaults = WsSessionSettings.DEFAULTS;
		WsSessionSettings settings = new WsSessionSettings(defaults.sendTimeLimit(), defaults.sendBufferSizeLimit(),
				false, 0, this.heartbeatInterval, this.heartbeatTimeout, null, MAX_MESSAGE_SIZE, MAX_MESSAGE_SIZE,
				defaults.clientFaultWarningsPerMinute());
		int buffer = (this.bufferWhileDisconnected >= 0) ? this.bufferWhileDisconnected
				: ((this.reconnect != null) ? this.reconnect.bufferWhileDisconnected() : 0);
		if (buffer > defaults.sendBufferSizeLimit()) {
			throw new IllegalStateException("bufferWhileDisconnected(" + buffer
					+ ") is more than a connection's send queue takes (" + defaults.sendBufferSizeLimit()
					+ " bytes): what is kept while down is queued at once on reconnect");
		}
		if (buffer > 0 && this.reconnect == null) {
			throw new IllegalStateException("bufferWhileDisconnected(" + buffer
					+ ") keeps messages until a reconnect, but no reconnect(ReconnectPolicy) is set");
		}
		return new DefaultWsClient(detector, path, settings,
				new WsClientSettings(Map.copyOf(this.headers), List.copyOf(this.subprotocols), this.connectTimeout,
						this.jsonMapper, this.typeField, this.reconnect, buffer));
	}

}
