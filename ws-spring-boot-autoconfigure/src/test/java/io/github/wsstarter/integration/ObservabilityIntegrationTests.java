package io.github.wsstarter.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsEndpoint;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scripted conversation on a server of its own (three clients, messages both ways, a broadcast, a room, a handler
 * error, a refused handshake, a slow consumer, an operator's close, a client's close, a shutdown) and the exact
 * meters, health and actuator output that result, read over real HTTP where a user would read them.
 */
@SpringBootTest(classes = ObservabilityIntegrationTests.ObservedApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.max-connections=4", "ws.send-buffer-size-limit=256KB",
				"ws.heartbeat.interval=1s", "management.endpoints.web.exposure.include=health,ws,metrics",
				"management.endpoint.health.show-details=always", "management.endpoint.ws.access=unrestricted" })
@org.junit.jupiter.api.extension.ExtendWith(OutputCaptureExtension.class)
class ObservabilityIntegrationTests {

	private static final String ENDPOINT = "/observed";

	private static final String SECRET_TEXT = "s3cret-message-text";

	private static final String SECRET_ATTRIBUTE = "s3cret-attribute-value";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = new JsonMapper();

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ObservedApplication {

		@Bean
		Observed observed() {
			return new Observed();
		}

		/** A small, fixed socket send buffer: the kernel would otherwise grow it to megabytes on loopback. */
		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSocketSendBuffer() {
			return (factory) -> factory
				.addConnectorCustomizers((connector) -> connector.setProperty("socket.txBufSize", "16384"));
		}

		/** Spring Security is on the tests' class path: no login here (DELETE needs no CSRF token either). */
		@Bean
		SecurityFilterChain openToAll(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

	@WsEndpoint(ENDPOINT)
	static class Observed {

		@WsOnInit
		String init(WsSession session) {
			session.attributes().put("token", SECRET_ATTRIBUTE);
			return "id:" + session.id();
		}

		@WsOnMessage("echo")
		String echo(JsonNode message) {
			return "echo";
		}

		@WsOnMessage("join")
		void join(JsonNode message, WsSession session) {
			session.join(message.get("room").asString());
		}

		@WsOnMessage("fail")
		void fail(JsonNode message) {
			throw new IllegalStateException("a handler's own failure");
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	WsBroadcaster broadcaster;

	@Test
	void aScriptedConversationLeavesExactlyTheseMetersHealthAndEndpointOutput(CapturedOutput output)
			throws Exception {
		TestClient a = TestClient.connect(this.port, ENDPOINT);
		TestClient b = TestClient.connect(this.port, ENDPOINT);
		TestClient c = TestClient.connect(this.port, ENDPOINT);
		String aId = a.nextText().substring(3);
		b.nextText();
		c.nextText();
		assertThat(gauge("ws.sessions.active")).isEqualTo(3);
		assertThat(count("ws.sessions.opened")).isEqualTo(3);
		// A browser from elsewhere: refused by Spring's origin check, counted with that reason
		assertThat(TestClient.handshakeStatus(this.port, ENDPOINT, Map.of("Origin", "https://evil.example")))
			.isEqualTo(403);
		assertThat(count("ws.handshakes.refused", "reason", "origin")).isEqualTo(1);

		// Messages both ways: an echo, two joins (no answer), a broadcast to all, one to a room
		String echo = "{\"type\":\"echo\",\"text\":\"" + SECRET_TEXT + "\"}";
		assertThat(a.send(echo).nextText()).isEqualTo("echo");
		String join = "{\"type\":\"join\",\"room\":\"r1\"}";
		a.send(join);
		b.send(join);
		await().atMost(TestClient.TIMEOUT).until(() -> count("ws.handler.invocations", "event", "message") == 3);
		this.broadcaster.sendAll("all");
		this.broadcaster.sendToRoom("r1", "room");
		assertThat(a.nextTexts(2)).containsExactly("all", "room");
		assertThat(b.nextTexts(2)).containsExactly("all", "room");
		assertThat(c.nextText()).isEqualTo("all");
		assertThat(count("ws.messages.received", "kind", "text")).isEqualTo(3);
		assertThat(count("ws.messages.received.bytes", "kind", "text")).isEqualTo(echo.length() + 2 * join.length());
		// 3 ids, 1 echo, 3 + 2 broadcast shares
		assertThat(count("ws.messages.sent", "kind", "text")).isEqualTo(9);
		assertThat(count("ws.messages.sent", "kind", "binary")).isZero();
		assertThat(this.meters.get("ws.broadcasts").tag("scope", "all").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("ws.broadcasts").tag("scope", "room").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("ws.send.queue").tag("endpoint", ENDPOINT).summary().count()).isEqualTo(9);

		// What the operator sees: sessions, rooms, one session; never a message or an attribute
		String ws = get("/actuator/ws").body();
		JsonNode endpoint = JSON.readTree(ws).get("endpoints").get(ENDPOINT);
		assertThat(endpoint.get("sessions").asInt()).isEqualTo(3);
		assertThat(endpoint.get("rooms").get("r1").asInt()).isEqualTo(2);
		JsonNode session = JSON.readTree(get("/actuator/ws/" + aId).body());
		assertThat(session.get("path").asString()).isEqualTo(ENDPOINT);
		assertThat(session.get("remoteAddress").asString()).startsWith("127.0.0.1:");
		assertThat(session.get("rooms").get(0).asString()).isEqualTo("r1");
		assertThat(get("/actuator/ws/no-such-session").statusCode()).isEqualTo(404);
		assertThat(ws + session).doesNotContain(SECRET_TEXT).doesNotContain(SECRET_ATTRIBUTE);
		JsonNode health = JSON.readTree(get("/actuator/health/ws").body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("details").get("sessions").asInt()).isEqualTo(3);
		assertThat(health.get("details").get("endpoints").toString()).isEqualTo("[\"" + ENDPOINT + "\"]");

		// A handler that throws: timed as an error, the session closed with 1011
		c.send("{\"type\":\"fail\"}");
		assertThat(c.awaitClose().code()).isEqualTo(1011);
		await().atMost(TestClient.TIMEOUT).until(() -> count("ws.sessions.closed", "cause", "HANDLER_ERROR") == 1);
		assertThat(count("ws.handler.invocations", "outcome", "error")).isEqualTo(1);
		assertThat(count("ws.handler.invocations", "event", "init")).isEqualTo(3);

		// A stalled client and one more make four: a fifth handshake is refused. c's place comes back once its socket
		// has ended, which may be after its close frame reached it: d's handshakes get 503 until then
		try (RawClient stalled = RawClient.connect(this.port, ENDPOINT, "127.0.0.1", 4096);
				TestClient d = TestClient.connectWhenFree(this.port, ENDPOINT)) {
			assertThat(stalled.status()).isEqualTo(101);
			stalled.readFrame();
			String dId = d.nextText().substring(3);
			double refused = count("ws.handshakes.refused", "reason", "max-connections");
			assertThat(TestClient.handshakeStatus(this.port, ENDPOINT, Map.of())).isEqualTo(503);
			assertThat(count("ws.handshakes.refused", "reason", "max-connections")).isEqualTo(refused + 1);

			// 64 KB messages that everybody but the stalled client reads: it is closed as a slow consumer
			String large = "y".repeat(64 * 1024);
			for (int i = 0; i < 30 && count("ws.slow.consumers") == 0; i++) {
				this.broadcaster.sendAll(large);
				assertThat(a.nextText()).isEqualTo(large);
				assertThat(b.nextText()).isEqualTo(large);
				assertThat(d.nextText()).isEqualTo(large);
			}
			await().atMost(TestClient.TIMEOUT).until(() -> count("ws.sessions.closed", "code", "1008") == 1);
			assertThat(count("ws.slow.consumers")).isEqualTo(1);
			assertThat(count("ws.sessions.closed", "cause", "SLOW_CONSUMER")).isEqualTo(1);

			// An operator closes d through the endpoint; a closes itself
			HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(uri("/actuator/ws/" + dId)).DELETE().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(deleted.statusCode()).isEqualTo(200);
			assertThat(d.awaitClose().code()).isEqualTo(1000);
			a.close();
			await().atMost(TestClient.TIMEOUT).until(() -> gauge("ws.sessions.active") == 1);
			assertThat(count("ws.sessions.closed", "cause", "SERVER_CLOSED")).isEqualTo(1);
			assertThat(count("ws.sessions.closed", "cause", "CLIENT_CLOSED")).isEqualTo(1);
		}
		assertThat(count("ws.sessions.opened")).isEqualTo(5);
		assertThat(this.meters.get("ws.sessions.duration").tag("endpoint", ENDPOINT).timer().count()).isEqualTo(4);

		// Heartbeats every second: b answers them
		await().atMost(TestClient.TIMEOUT)
			.until(() -> this.meters.get("ws.heartbeat.rtt").tag("endpoint", ENDPOINT).timer().count() > 0);
		// The meters are there for the actuator too
		assertThat(get("/actuator/metrics/ws.sessions.active?tag=endpoint:" + ENDPOINT).body()).contains("\"value\":1.0");

		// After a shutdown: out of service (503)
		this.broadcaster.shutdown();
		HttpResponse<String> down = get("/actuator/health/ws");
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(JSON.readTree(down.body()).get("status").asString()).isEqualTo("OUT_OF_SERVICE");
		assertThat(b.awaitClose().code()).isEqualTo(1001);
		assertThat(output.getOut()).doesNotContain(" ERROR ").doesNotContain(SECRET_TEXT);
	}

	private double count(String name, String... tags) {
		return Search.in(this.meters)
			.name(name)
			.tag("endpoint", ENDPOINT)
			.tags(tags)
			.meters()
			.stream()
			.mapToDouble(ObservabilityIntegrationTests::countOf)
			.sum();
	}

	private static double countOf(Meter meter) {
		if (meter instanceof io.micrometer.core.instrument.Counter counter) {
			return counter.count();
		}
		if (meter instanceof io.micrometer.core.instrument.Timer timer) {
			return timer.count();
		}
		throw new IllegalArgumentException("Not counted: " + meter.getId());
	}

	private double gauge(String name) {
		return this.meters.get(name).tag("endpoint", ENDPOINT).gauge().value();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(TestClient.TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
