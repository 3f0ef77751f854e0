package io.github.wsstarter.handler;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.session.WsFrameSinks;
import io.github.wsstarter.session.WsIoExecutors;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;

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

}
