package io.github.wsstarter.handler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.session.WsMessageEncoder;
import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsSessionSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The per-message dispatch path of the starter, without the network: a text frame enters the endpoint's Spring
 * {@link WebSocketHandler}, is decoded, its arguments resolved, the handler method invoked, and its return value
 * encoded and handed to the session (whose container write is a no-op here). {@code plainText} is a
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
		WsSessionRegistry registry = new WsSessionRegistry(new WsMessageEncoder(mapper), WsSessionSettings.DEFAULTS);
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
		blackhole.consume(this.textSession.last);
	}

	@Benchmark
	public void typedJson(Blackhole blackhole) throws Exception {
		this.json.handleMessage(this.jsonSession, this.typed);
		blackhole.consume(this.jsonSession.last);
	}

	/** A session whose writes go nowhere: what is measured is everything before the container. */
	static final class StubSession implements WebSocketSession {

		private final String id;

		private final Map<String, Object> attributes = new ConcurrentHashMap<>();

		volatile Object last;

		StubSession(String id) {
			this.id = id;
		}

		@Override
		public String getId() {
			return this.id;
		}

		@Override
		public URI getUri() {
			return URI.create("ws://localhost/" + this.id);
		}

		@Override
		public HttpHeaders getHandshakeHeaders() {
			return new HttpHeaders();
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		@Override
		public Principal getPrincipal() {
			return null;
		}

		@Override
		public InetSocketAddress getLocalAddress() {
			return null;
		}

		@Override
		public InetSocketAddress getRemoteAddress() {
			return null;
		}

		@Override
		public String getAcceptedProtocol() {
			return null;
		}

		@Override
		public void setTextMessageSizeLimit(int messageSizeLimit) {
		}

		@Override
		public int getTextMessageSizeLimit() {
			return 0;
		}

		@Override
		public void setBinaryMessageSizeLimit(int messageSizeLimit) {
		}

		@Override
		public int getBinaryMessageSizeLimit() {
			return 0;
		}

		@Override
		public List<WebSocketExtension> getExtensions() {
			return List.of();
		}

		@Override
		public void sendMessage(WebSocketMessage<?> message) {
			this.last = message;
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void close() throws IOException {
		}

		@Override
		public void close(CloseStatus status) throws IOException {
		}

	}

}
