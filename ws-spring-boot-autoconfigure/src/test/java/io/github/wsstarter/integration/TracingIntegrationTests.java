package io.github.wsstarter.integration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsstarter.WsEndpoint;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Micrometer Tracing (an in-memory tracer here), a handler call is a span of its own, a child of its session's
 * handshake span and current while the handler runs; and the logging MDC names the session and the endpoint during
 * every handler call, and is clean after it.
 */
@SpringBootTest(classes = TracingIntegrationTests.TracedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class TracingIntegrationTests {

	private static final String ENDPOINT = "/traced";

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TracedApplication {

		@Bean
		SimpleTracer tracer() {
			return new SimpleTracer();
		}

		@Bean
		Traced traced(SimpleTracer tracer) {
			return new Traced(tracer);
		}

		@Bean
		SecurityFilterChain openToAll(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

	/** What a handler saw: the MDC and the current span, by session id. */
	@WsEndpoint(ENDPOINT)
	static class Traced {

		final Map<String, Map<String, String>> mdc = new ConcurrentHashMap<>();

		final Map<String, String> currentSpans = new ConcurrentHashMap<>();

		private final SimpleTracer tracer;

		Traced(SimpleTracer tracer) {
			this.tracer = tracer;
		}

		@WsOnMessage
		String on(String text, WsSession session) {
			this.mdc.put(session.id(), Map.copyOf(MDC.getCopyOfContextMap()));
			Span current = this.tracer.currentSpan();
			this.currentSpans.put(session.id(), (current != null) ? current.context().spanId() : "none");
			return "id:" + session.id();
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	SimpleTracer tracer;

	@Autowired
	Traced traced;

	@Test
	void aHandlerCallIsASpanUnderItsHandshakeAndTheMdcNamesTheSession() {
		try (TestClient client = TestClient.connect(this.port, ENDPOINT)) {
			String id = client.send("hello").nextText().substring(3);
			await().atMost(TestClient.TIMEOUT).until(() -> spans("ws.handler").size() == 1);
			SimpleSpan handshake = spans("ws.handshake").get(0);
			SimpleSpan handler = spans("ws.handler").get(0);
			assertThat(handler.getParentId()).isEqualTo(handshake.getSpanId());
			assertThat(handler.getTraceId()).isEqualTo(handshake.getTraceId());
			assertThat(handler.getTags()).containsEntry("endpoint", ENDPOINT)
				.containsEntry("event", "message")
				.containsEntry("method", "TracingIntegrationTests.Traced.on")
				.containsEntry("outcome", "success");
			assertThat(handshake.getTags()).containsEntry("endpoint", ENDPOINT).containsEntry("outcome", "upgraded");
			// Current while the handler ran: what it calls is a child of it
			assertThat(this.traced.currentSpans.get(id)).isEqualTo(handler.getSpanId());
			assertThat(this.traced.mdc.get(id)).containsEntry("ws.session", id).containsEntry("ws.endpoint", ENDPOINT);
		}
		assertThat(MDC.get("ws.session")).isNull();
	}

	/** The spans of one of the two observations, told by their keys: only a handler call has an event. */
	private List<SimpleSpan> spans(String observation) {
		boolean handler = observation.equals("ws.handler");
		return this.tracer.getSpans()
			.stream()
			.filter((span) -> span.getTags().containsKey("endpoint") && span.getTags().containsKey("event") == handler)
			.toList();
	}

}
