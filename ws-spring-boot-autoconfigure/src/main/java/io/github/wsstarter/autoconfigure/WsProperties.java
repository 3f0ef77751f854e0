package io.github.wsstarter.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for annotation-driven WebSocket endpoints.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
@ConfigurationProperties("ws")
public class WsProperties {

	/**
	 * Whether to enable the WebSocket endpoints and the broadcaster.
	 */
	private boolean enabled = true;

	/**
	 * Path of the default endpoint, which handler beans without @WsEndpoint bind to. Must start with '/'.
	 */
	private String path = "/ws";

	/**
	 * Name of the JSON field whose value selects typed @WsOnMessage("...") methods.
	 */
	private String typeField = "type";

	/**
	 * Comma-separated list of origins allowed to open a connection from a browser, such as
	 * 'https://example.com'. When empty, only same-origin browser requests are allowed; '*' allows every origin.
	 * Requests without an Origin header (non-browser clients) are always allowed.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Comma-separated list of origin patterns allowed to open a connection from a browser, such as
	 * 'https://*.example.com'.
	 */
	private List<String> allowedOriginPatterns = new ArrayList<>();

	/**
	 * Maximum size of an incoming text message. A larger message closes the session with 1009.
	 */
	private DataSize maxTextMessageSize = DataSize.ofKilobytes(64);

	/**
	 * Maximum size of an incoming binary message. A larger message closes the session with 1009.
	 */
	private DataSize maxBinaryMessageSize = DataSize.ofKilobytes(64);

	/**
	 * Time without any message received or sent after which a session is closed with 1001. When not set, idle
	 * sessions stay open. If a duration suffix is not specified, seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration idleTimeout;

	/**
	 * Longest time that writing one message to a client may take before the session is closed with 1008 as a slow
	 * consumer. If a duration suffix is not specified, seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	/**
	 * Largest amount of outgoing data that may wait in one session's queue before the session is closed with 1008
	 * as a slow consumer (or, with the 'drop' overflow strategy, its oldest waiting messages are dropped).
	 */
	private DataSize sendBufferSizeLimit = DataSize.ofKilobytes(512);

	/**
	 * What to do with a session whose waiting data exceeds the send buffer size limit.
	 */
	private OverflowStrategy overflowStrategy = OverflowStrategy.TERMINATE;

	/**
	 * Maximum number of open sessions. Handshakes beyond it are refused with 503. When not set, unlimited.
	 */
	private @Nullable Integer maxConnections;

	/**
	 * Maximum number of open sessions per client address. Handshakes beyond it are refused with 503. When not set,
	 * unlimited.
	 */
	private @Nullable Integer maxConnectionsPerClient;

	/**
	 * Maximum number of messages a session may send per second, with bursts of the same size. A session over it is
	 * closed with 1008. When not set, unlimited.
	 */
	private @Nullable Integer maxMessagesPerSecond;

	/**
	 * Size of each of the two socket buffers (read and write) that Tomcat's connector holds for every open
	 * connection, HTTP ones included (the connector's socket.appReadBufSize and socket.appWriteBufSize, 8KB by
	 * default). When not set, the connector is left as the application configures it. Smaller buffers let many idle
	 * connections cost less memory; larger reads and writes take more system calls.
	 */
	private @Nullable DataSize socketBufferSize;

	/**
	 * Whether to write outgoing frames straight to Tomcat's connection, several in one write and a broadcast's bytes
	 * encoded once, rather than one by one through the Jakarta WebSocket API. Used only on Tomcat, for connections
	 * without a negotiated extension (per-message compression); others always use the Jakarta API.
	 */
	private boolean directWrites = true;

	/**
	 * How many WARN lines per minute each kind of client fault gets (slow reading, floods, unreadable messages); the
	 * rest are logged at DEBUG and summed up in one WARN line a minute, so that a misbehaving client cannot fill the
	 * log.
	 */
	private int clientFaultWarningsPerMinute = 10;

	/**
	 * Whether to accept per-message compression (permessage-deflate) when a client offers it, as browsers always do.
	 * A compressed session is written message by message through the Jakarta WebSocket API, each broadcast
	 * compressed per recipient; without it, browsers take the direct-write path.
	 */
	private boolean permessageDeflate = true;

	private final Heartbeat heartbeat = new Heartbeat();

	private final Mdc mdc = new Mdc();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public String getTypeField() {
		return this.typeField;
	}

	public void setTypeField(String typeField) {
		this.typeField = typeField;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public List<String> getAllowedOriginPatterns() {
		return this.allowedOriginPatterns;
	}

	public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
		this.allowedOriginPatterns = allowedOriginPatterns;
	}

	public DataSize getMaxTextMessageSize() {
		return this.maxTextMessageSize;
	}

	public void setMaxTextMessageSize(DataSize maxTextMessageSize) {
		this.maxTextMessageSize = maxTextMessageSize;
	}

	public DataSize getMaxBinaryMessageSize() {
		return this.maxBinaryMessageSize;
	}

	public void setMaxBinaryMessageSize(DataSize maxBinaryMessageSize) {
		this.maxBinaryMessageSize = maxBinaryMessageSize;
	}

	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public DataSize getSendBufferSizeLimit() {
		return this.sendBufferSizeLimit;
	}

	public void setSendBufferSizeLimit(DataSize sendBufferSizeLimit) {
		this.sendBufferSizeLimit = sendBufferSizeLimit;
	}

	public OverflowStrategy getOverflowStrategy() {
		return this.overflowStrategy;
	}

	public void setOverflowStrategy(OverflowStrategy overflowStrategy) {
		this.overflowStrategy = overflowStrategy;
	}

	public @Nullable Integer getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(@Nullable Integer maxConnections) {
		this.maxConnections = maxConnections;
	}

	public @Nullable Integer getMaxConnectionsPerClient() {
		return this.maxConnectionsPerClient;
	}

	public void setMaxConnectionsPerClient(@Nullable Integer maxConnectionsPerClient) {
		this.maxConnectionsPerClient = maxConnectionsPerClient;
	}

	public @Nullable Integer getMaxMessagesPerSecond() {
		return this.maxMessagesPerSecond;
	}

	public void setMaxMessagesPerSecond(@Nullable Integer maxMessagesPerSecond) {
		this.maxMessagesPerSecond = maxMessagesPerSecond;
	}

	public @Nullable DataSize getSocketBufferSize() {
		return this.socketBufferSize;
	}

	public void setSocketBufferSize(@Nullable DataSize socketBufferSize) {
		this.socketBufferSize = socketBufferSize;
	}

	public int getClientFaultWarningsPerMinute() {
		return this.clientFaultWarningsPerMinute;
	}

	public void setClientFaultWarningsPerMinute(int clientFaultWarningsPerMinute) {
		this.clientFaultWarningsPerMinute = clientFaultWarningsPerMinute;
	}

	public boolean isPermessageDeflate() {
		return this.permessageDeflate;
	}

	public void setPermessageDeflate(boolean permessageDeflate) {
		this.permessageDeflate = permessageDeflate;
	}

	public boolean isDirectWrites() {
		return this.directWrites;
	}

	public void setDirectWrites(boolean directWrites) {
		this.directWrites = directWrites;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Mdc getMdc() {
		return this.mdc;
	}

	/**
	 * What to do with a session that falls too far behind.
	 */
	public enum OverflowStrategy {

		/**
		 * Close the session with 1008 ("slow consumer").
		 */
		TERMINATE,

		/**
		 * Drop the oldest waiting messages, counted and logged once per session; the session stays open.
		 */
		DROP

	}

	/**
	 * The logging MDC during handler calls.
	 */
	public static class Mdc {

		/**
		 * Whether to put ws.session (the session id) and ws.endpoint (its path) in the logging MDC during every
		 * handler call. Costs a few tens of nanoseconds per call.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Heartbeat pings that find dead connections.
	 */
	public static class Heartbeat {

		/**
		 * Whether to ping every session and close the ones that do not answer.
		 */
		private boolean enabled = true;

		/**
		 * Time between two pings to a session. If a duration suffix is not specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration interval = Duration.ofSeconds(25);

		/**
		 * Time to wait for the answer to a ping before the connection counts as dead: the session is closed and
		 * reported with 1006. If a duration suffix is not specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeout = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
