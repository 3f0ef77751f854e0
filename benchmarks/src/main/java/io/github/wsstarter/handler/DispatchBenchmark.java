package io.github.wsstarter.handler;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.session.WsFrameSinks;
import io.github.wsstarter.session.WsIoExecutors;
import io.github.wsstarter.session.WsMessageEncoder;
import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsSessionSettings;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * The per-message dispatch path of the starter, without the network: a text frame enters the endpoint's Spring
 * {@link WebSocketHandler}, is decoded, its arguments resolved, the handler method invoked, and its return value
 * encoded and handed to the session's outbound queue and Jakarta sink (whose container send completes at once and
 * goes nowhere here). {@code plainText} is a
 * {@code String -> String} method; {@code typedJson} routes by the type field and reads and writes records.
 * <p>
 * Run with {@code benchmarks/run.sh --jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DispatchBenchmark {

	/**
	 * {@code none}: no meters; {@code meters}: the starter's Micrometer meters, in a simple registry;
	 * {@code observations}: the meters and the ws.handler observations, timed by Micrometer's handler as the
	 * actuator sets it up.
	 */
	@Param({ "none", "meters", "observations" })
	public String observed;

	/** Whether handler calls put the session in the logging MDC ({@code ws.mdc.enabled}, on by default). */
	@Param({ "true", "false" })
	public boolean mdc;

	private WebSocketHandler text;

	private WebSocketHandler json;

	private StubSession textSession;

	private StubSession jsonSession;

	private final TextMessage plain = new TextMessage("hello, this is a chat message of ordinary length");

	private final TextMessage typed = new TextMessage("{\"type\":\"chat\",\"text\":\"hello, this is a chat message\",\"priority\":3}");

	record Chat(String text, int priority) {
	}

	record Reply(String type, String text) {
	}

	public static class TextHandler {

		@WsOnMessage
		public String echo(String text) {
			return text;
		}

	}

	public static class JsonHandler {

		@WsOnMessage("chat")
		public Reply chat(WsSession session, Chat chat) {
			return new Reply("reply", chat.text());
		}

	}

	@Setup
	public void setUp() throws Exception {
		JsonMapper mapper = new JsonMapper();
		WsSessionRegistry registry = new WsSessionRegistry(new WsMessageEncoder(mapper), WsSessionSettings.DEFAULTS,
				new WsIoExecutors(Runnable::run), WsFrameSinks.forContainer(true, getClass().getClassLoader()));
		registry.observers().setLoggingMdc(this.mdc);
		io.micrometer.core.instrument.MeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
		if (this.observed.equals("meters")) {
			registry.observers().setObserver(new io.github.wsstarter.metrics.MicrometerWsObserver(meters));
		}
		else if (this.observed.equals("observations")) {
			io.micrometer.observation.ObservationRegistry observations = io.micrometer.observation.ObservationRegistry.create();
			observations.observationConfig()
				.observationHandler(new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(meters));
			registry.observers().setObserver(io.github.wsstarter.session.WsObserver.of(java.util.List.of(
					new io.github.wsstarter.metrics.MicrometerWsObserver(meters),
					new io.github.wsstarter.observation.ObservationWsObserver(observations))));
		}
		this.text = handler("/text", new TextHandler(), registry, mapper);
		this.json = handler("/json", new JsonHandler(), registry, mapper);
		this.textSession = new StubSession("t");
		this.jsonSession = new StubSession("j");
		this.text.afterConnectionEstablished(this.textSession);
		this.json.afterConnectionEstablished(this.jsonSession);
	}

	private static WebSocketHandler handler(String path, Object bean, WsSessionRegistry registry, JsonMapper mapper) {
		WsHandlerMethodDetector detector = new WsHandlerMethodDetector(path);
		detector.postProcessAfterInitialization(bean, path);
		return detector.createHandler(path, registry, () -> false, mapper, "type");
	}

	@Benchmark
	public void plainText(Blackhole blackhole) throws Exception {
		this.text.handleMessage(this.textSession, this.plain);
		blackhole.consume(this.textSession.last());
	}

	@Benchmark
	public void typedJson(Blackhole blackhole) throws Exception {
		this.json.handleMessage(this.jsonSession, this.typed);
		blackhole.consume(this.jsonSession.last());
	}

	/**
	 * A Jakarta session whose asynchronous sends complete at once and go nowhere: what is measured is everything
	 * before the container. Spring wraps it as it wraps a container's session.
	 */
	static final class StubSession extends StandardWebSocketSession {

		final StubJakartaSession jakarta;

		StubSession(String id) {
			super(new HttpHeaders(), new ConcurrentHashMap<>(), null, null);
			this.jakarta = new StubJakartaSession(id);
			initializeNativeSession(this.jakarta);
		}

		Object last() {
			return this.jakarta.last;
		}

	}

	static final class StubJakartaSession implements Session, RemoteEndpoint.Async {

		private final String id;

		private final Map<String, Object> userProperties = new ConcurrentHashMap<>();

		volatile Object last;

		StubJakartaSession(String id) {
			this.id = id;
		}

		@Override
		public void sendText(String text, SendHandler handler) {
			this.last = text;
			handler.onResult(new SendResult(this));
		}

		@Override
		public void sendBinary(ByteBuffer data, SendHandler handler) {
			this.last = data;
			handler.onResult(new SendResult(this));
		}

		@Override
		public Future<Void> sendText(String text) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Future<Void> sendBinary(ByteBuffer data) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Future<Void> sendObject(Object data) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void sendObject(Object data, SendHandler handler) {
			throw new UnsupportedOperationException();
		}

		@Override
		public long getSendTimeout() {
			return 0;
		}

		@Override
		public void setSendTimeout(long timeout) {
		}

		@Override
		public void setBatchingAllowed(boolean allowed) {
		}

		@Override
		public boolean getBatchingAllowed() {
			return false;
		}

		@Override
		public void flushBatch() {
		}

		@Override
		public void sendPing(ByteBuffer applicationData) {
		}

		@Override
		public void sendPong(ByteBuffer applicationData) {
		}

		@Override
		public WebSocketContainer getContainer() {
			return null;
		}

		@Override
		public void addMessageHandler(MessageHandler handler) {
		}

		@Override
		public <T> void addMessageHandler(Class<T> type, MessageHandler.Partial<T> handler) {
		}

		@Override
		public <T> void addMessageHandler(Class<T> type, MessageHandler.Whole<T> handler) {
		}

		@Override
		public Set<MessageHandler> getMessageHandlers() {
			return Set.of();
		}

		@Override
		public void removeMessageHandler(MessageHandler handler) {
		}

		@Override
		public String getProtocolVersion() {
			return "13";
		}

		@Override
		public String getNegotiatedSubprotocol() {
			return "";
		}

		@Override
		public List<Extension> getNegotiatedExtensions() {
			return List.of();
		}

		@Override
		public boolean isSecure() {
			return false;
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public long getMaxIdleTimeout() {
			return 0;
		}

		@Override
		public void setMaxIdleTimeout(long milliseconds) {
		}

		@Override
		public void setMaxBinaryMessageBufferSize(int length) {
		}

		@Override
		public int getMaxBinaryMessageBufferSize() {
			return 1024;
		}

		@Override
		public void setMaxTextMessageBufferSize(int length) {
		}

		@Override
		public int getMaxTextMessageBufferSize() {
			return 1024;
		}

		@Override
		public RemoteEndpoint.Async getAsyncRemote() {
			return this;
		}

		@Override
		public RemoteEndpoint.Basic getBasicRemote() {
			throw new UnsupportedOperationException();
		}

		@Override
		public String getId() {
			return this.id;
		}

		@Override
		public void close() {
		}

		@Override
		public void close(CloseReason closeReason) {
		}

		@Override
		public URI getRequestURI() {
			return URI.create("ws://localhost/" + this.id);
		}

		@Override
		public Map<String, List<String>> getRequestParameterMap() {
			return Map.of();
		}

		@Override
		public String getQueryString() {
			return null;
		}

		@Override
		public Map<String, String> getPathParameters() {
			return Map.of();
		}

		@Override
		public Map<String, Object> getUserProperties() {
			return this.userProperties;
		}

		@Override
		public Principal getUserPrincipal() {
			return null;
		}

		@Override
		public Set<Session> getOpenSessions() {
			return Set.of();
		}

	}

}
