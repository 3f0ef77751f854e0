package io.github.wsstarter.integration;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.ReconnectPolicy;
import io.github.wsstarter.WsClient;
import io.github.wsstarter.WsClientConnection;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsConnection;
import io.github.wsstarter.WsException;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The client's reconnects against a real server: one that is stopped and started again on the same port, and one
 * behind a TCP proxy that cuts the connection and then refuses connections while recording when each attempt comes.
 */
class WsClientReconnectIntegrationTests {

	private static final ReconnectPolicy POLICY = ReconnectPolicy.backoff(Duration.ofMillis(200),
			Duration.ofMillis(800));

	/**
	 * Room for the scheduling of two busy cores (and a collection) on top of what the policy allows. A backoff without
	 * its cap still shows: its 5th to 7th waits reach 3.2, 6.4 and 12.8 s, and the sum of the waits is checked too.
	 */
	private static final long SLACK_MILLIS = 1500;

	private static int port;

	private static ConfigurableApplicationContext server;

	private WsClient client;

	private TcpProxy proxy;

	/** The server: records what each connection sends, echoes it, and closes normally on "bye". */
	@EnableAutoConfiguration(excludeName = { CallbackApplication.SECURITY, CallbackApplication.USER_DETAILS,
			CallbackApplication.SERVLET_SECURITY, CallbackApplication.SECURITY_FILTER,
			CallbackApplication.MANAGEMENT_SECURITY })
	static class Server {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		/** While set, every new connection is closed at once, as by a server in a crash loop. */
		final java.util.concurrent.atomic.AtomicBoolean closeAtOnce = new java.util.concurrent.atomic.AtomicBoolean();

		@io.github.wsstarter.WsOnInit
		void opened(WsSession session) {
			if (this.closeAtOnce.get()) {
				session.close(new CloseStatus(4000, "not now"));
			}
		}

		@WsOnMessage
		String message(String text, WsSession session) {
			if (text.equals("bye")) {
				session.close();
				return null;
			}
			this.received.add(text);
			return "echo:" + text;
		}

	}

	/** The client's handler: every event, with the connection's reconnect count at each opening. */
	static class Events {

		final BlockingQueue<String> events = new LinkedBlockingQueue<>();

		final List<Long> losses = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<Long> openings = new java.util.concurrent.CopyOnWriteArrayList<>();

		/** What isReconnecting() said in each @WsOnClose. */
		final List<Boolean> reconnectingAtClose = new java.util.concurrent.CopyOnWriteArrayList<>();

		@WsOnInit
		void opened(WsClientConnection connection) {
			this.openings.add(System.nanoTime());
			this.events.add("open " + connection.reconnects() + " attempt " + connection.reconnectAttempt());
			connection.send("hello " + connection.reconnects());
		}

		@WsOnMessage
		void message(String text) {
			this.events.add(text);
		}

		@WsOnClose
		void closed(CloseStatus status, WsCloseCause cause, WsClientConnection connection) {
			this.reconnectingAtClose.add(connection.isReconnecting());
			this.losses.add(System.nanoTime());
			this.events.add(status.getCode() + " " + cause);
		}

		String next() throws InterruptedException {
			String next = this.events.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(next).as("next event").isNotNull();
			return next;
		}

	}

	@BeforeAll
	static void startServer() throws IOException {
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		server = start();
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(Server.class)
			.properties("server.port=" + port, "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"ws.shutdown-timeout=2s")
			.run();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@AfterEach
	void close() {
		if (this.client != null) {
			this.client.close();
		}
		if (this.proxy != null) {
			this.proxy.close();
		}
	}

	private static Recorder recorder() {
		return server.getBean(Recorder.class);
	}

	private URI uri(int port) {
		return URI.create("ws://127.0.0.1:" + port + "/ws");
	}

	@Test
	void aServerStoppedAndStartedAgainOnItsPortIsReconnectedToWithinThePolicysBound() throws Exception {
		Events events = new Events();
		this.client = WsClient.builder().handler(events).reconnect(POLICY).build();
		WsClientConnection connection = (WsClientConnection) this.client.connect(uri(port));
		connection.attributes().put("user", "ada");
		assertThat(events.next()).isEqualTo("open 0 attempt 0");
		assertThat(events.next()).isEqualTo("echo:hello 0");

		long up;
		server.close();
		try {
			// The server's shutdown closes with 1001, which a client reads as the server going away
			assertThat(events.next()).isEqualTo("1001 SHUTDOWN");
			assertThat(events.reconnectingAtClose).containsExactly(true);
			assertThat(connection.isOpen()).isFalse();
			assertThat(connection.isReconnecting()).isTrue();
			assertThatExceptionOfType(WsException.class).isThrownBy(() -> connection.send("while down"))
				.withMessageContaining("Not connected to " + uri(port))
				.withMessageContaining("reconnecting")
				.withMessageContaining("bufferWhileDisconnected");
		}
		finally {
			server = start();
			up = System.nanoTime();
		}
		String reopened = events.next();
		assertThat(reopened).startsWith("open 1 attempt ");
		assertThat(Integer.parseInt(reopened.substring("open 1 attempt ".length()))).isPositive();
		long waited = TimeUnit.NANOSECONDS.toMillis(events.openings.get(1) - up);
		// The longest wait, and time for a first request to a new server on two busy cores
		assertThat(waited).as("ms from the server being up to the reconnect")
			.isLessThanOrEqualTo(POLICY.max().toMillis() + SLACK_MILLIS);
		assertThat(events.next()).isEqualTo("echo:hello 1");
		assertThat(connection.reconnects()).isEqualTo(1);
		assertThat(connection.isReconnecting()).isFalse();
		assertThat(connection.attributes()).containsEntry("user", "ada");
		assertThat(connection.send("after")).isTrue();
		assertThat(events.next()).isEqualTo("echo:after");
	}

	@Test
	void eachAttemptAfterADroppedConnectionComesWithinTheBackoffsBound() throws Exception {
		this.proxy = new TcpProxy(port);
		Events events = new Events();
		this.client = WsClient.builder().handler(events).reconnect(POLICY).build();
		WsClientConnection connection = (WsClientConnection) this.client.connect(uri(this.proxy.port()));
		assertThat(events.next()).isEqualTo("open 0 attempt 0");
		assertThat(events.next()).isEqualTo("echo:hello 0");

		this.proxy.refuse(true);
		this.proxy.cut();
		// No close frame: the connection is dropped, 1006
		assertThat(events.next()).isEqualTo("1006 DROPPED");
		await().atMost(Duration.ofSeconds(20)).until(() -> this.proxy.refusals().size() >= 6);
		this.proxy.refuse(false);
		assertThat(events.next()).isEqualTo("open 1 attempt " + connection.reconnectAttempt());
		assertThat(connection.reconnectAttempt()).isGreaterThanOrEqualTo(7);

		List<Long> times = new ArrayList<>();
		times.add(events.losses.get(0));
		times.addAll(this.proxy.refusals());
		long waited = 0;
		long allowed = 0;
		for (int attempt = 1; attempt < times.size(); attempt++) {
			long gap = TimeUnit.NANOSECONDS.toMillis(times.get(attempt) - times.get(attempt - 1));
			long bound = POLICY.maxDelay(attempt).toMillis();
			assertThat(gap).as("ms before attempt %d (at most %d ms by the policy)", attempt, bound)
				.isLessThanOrEqualTo(bound + SLACK_MILLIS);
			waited += gap;
			allowed += bound;
		}
		assertThat(waited).as("ms waited in all (at most %d ms by the policy)", allowed)
			.isLessThanOrEqualTo(allowed + SLACK_MILLIS);
		// Full jitter: random waits, but not none (all of them under 5 % of the bounds has odds of about 1e-5)
		assertThat(waited).as("ms waited in all").isGreaterThan(allowed / 20);
		assertThat(POLICY.maxDelay(1)).isEqualTo(Duration.ofMillis(200));
		assertThat(POLICY.maxDelay(3)).isEqualTo(Duration.ofMillis(800));
		assertThat(POLICY.maxDelay(30)).isEqualTo(Duration.ofMillis(800));
	}

	@Test
	void messagesSentWhileDisconnectedAreBufferedAndSentInOrderAfterTheReconnectsInit() throws Exception {
		this.proxy = new TcpProxy(port);
		Events events = new Events();
		// Set on the policy here; the builder's bufferWhileDisconnected(1000) is the same
		this.client = WsClient.builder().handler(events).reconnect(POLICY.bufferWhileDisconnected(1000)).build();
		WsConnection connection = this.client.connect(uri(this.proxy.port()));
		assertThat(events.next()).isEqualTo("open 0 attempt 0");
		assertThat(events.next()).isEqualTo("echo:hello 0");
		recorder().received.clear();

		this.proxy.refuse(true);
		this.proxy.cut();
		assertThat(events.next()).isEqualTo("1006 DROPPED");
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			sent.add("m" + i);
			assertThat(connection.send("m" + i)).isTrue();
		}
		// 50 messages of 2 or 3 bytes are 140 bytes; 1000 are allowed
		String tooMuch = "x".repeat(1000);
		assertThatExceptionOfType(WsException.class).isThrownBy(() -> connection.send(tooMuch))
			.withMessageContaining("1000 bytes kept until then are used up");
		this.proxy.refuse(false);

		assertThat(events.next()).startsWith("open 1 attempt ");
		List<String> expected = new ArrayList<>();
		expected.add("hello 1");
		expected.addAll(sent);
		await().atMost(TestClient.TIMEOUT).until(() -> recorder().received.size() >= expected.size());
		assertThat(List.copyOf(recorder().received)).containsExactlyElementsOf(expected);
	}

	@Test
	void aNormalCloseByTheServerIsReconnectedAndOneByTheApplicationIsNot() throws Exception {
		Events events = new Events();
		this.client = WsClient.builder().handler(events).reconnect(POLICY).build();
		WsClientConnection connection = (WsClientConnection) this.client.connect(uri(port));
		assertThat(events.next()).isEqualTo("open 0 attempt 0");
		assertThat(events.next()).isEqualTo("echo:hello 0");
		connection.send("bye");
		assertThat(events.next()).isEqualTo("1000 CLIENT_CLOSED");
		assertThat(events.next()).startsWith("open 1 attempt ");
		assertThat(events.next()).isEqualTo("echo:hello 1");

		connection.close();
		assertThat(events.next()).isEqualTo("1000 SERVER_CLOSED");
		assertThat(connection.isReconnecting()).isFalse();
		assertThat(connection.isOpen()).isFalse();
		assertThat(connection.send("late")).isFalse();
		// Longer than the policy's longest wait: no opening comes
		assertThat(events.events.poll(POLICY.max().toMillis() + SLACK_MILLIS, TimeUnit.MILLISECONDS)).isNull();
		assertThat(connection.reconnects()).isEqualTo(1);
	}

	@Test
	void theClientGivesUpAfterTheMaximumAttemptsAndClosesTheConnectionForGood() throws Exception {
		this.proxy = new TcpProxy(port);
		Events events = new Events();
		this.client = WsClient.builder().handler(events).reconnect(POLICY.maxAttempts(3)).build();
		WsClientConnection connection = (WsClientConnection) this.client.connect(uri(this.proxy.port()));
		assertThat(events.next()).isEqualTo("open 0 attempt 0");
		assertThat(events.next()).isEqualTo("echo:hello 0");
		this.proxy.refuse(true);
		this.proxy.cut();
		assertThat(events.next()).isEqualTo("1006 DROPPED");
		await().atMost(TestClient.TIMEOUT).until(() -> this.proxy.refusals().size() == 3 && !connection.isReconnecting());
		assertThat(connection.isOpen()).isFalse();
		assertThat(connection.send("late")).isFalse();
		assertThat(connection.reconnects()).isZero();
	}

	@Test
	void aServerThatClosesEveryNewConnectionAtOnceSeesTheWaitsGrowAndTheLimitApply() throws Exception {
		Events events = new Events();
		this.client = WsClient.builder().handler(events).reconnect(POLICY.maxAttempts(3)).build();
		WsClientConnection connection = (WsClientConnection) this.client.connect(uri(port));
		assertThat(events.next()).isEqualTo("open 0 attempt 0");
		assertThat(events.next()).isEqualTo("echo:hello 0");
		recorder().closeAtOnce.set(true);
		try {
			connection.send("bye");
			assertThat(events.next()).isEqualTo("1000 CLIENT_CLOSED");
			// Each reconnect opens and is closed at once: it counts as a failed attempt, and the count goes on
			for (int attempt = 1; attempt <= 3; attempt++) {
				assertThat(events.next()).isEqualTo("open " + attempt + " attempt " + attempt);
				assertThat(events.next()).isEqualTo("4000 CLIENT_CLOSED");
			}
			await().atMost(TestClient.TIMEOUT).until(() -> !connection.isReconnecting());
			assertThat(connection.reconnects()).isEqualTo(3);
			assertThat(connection.send("late")).isFalse();
		}
		finally {
			recorder().closeAtOnce.set(false);
		}
	}

}
