package io.github.wsstarter.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsEndpoint;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A small application for the tests of the callback model, the shutdown wait and a close under backlog: the starter,
 * the handlers below and nothing else (no security, none of {@link TestApplication}'s endpoints).
 * <p>
 * Deliberately neither this class nor its nested classes are {@code @Configuration} or {@code @Component}:
 * {@link TestApplication} scans this package, and in the contexts that tests start with
 * {@code SpringApplicationBuilder} (where Spring Boot's test exclude filter is not installed) it would pick them up
 * and add these handlers to its own endpoints. A class with {@code @Bean} methods and {@code @EnableAutoConfiguration}
 * is a configuration source all the same.
 */
@EnableAutoConfiguration(excludeName = { CallbackApplication.SECURITY, CallbackApplication.USER_DETAILS,
		CallbackApplication.SERVLET_SECURITY, CallbackApplication.SECURITY_FILTER,
		CallbackApplication.MANAGEMENT_SECURITY })
class CallbackApplication {

	/** Spring Security is on the test class path; these applications leave it out. */
	static final String SECURITY = "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration";

	static final String USER_DETAILS = "org.springframework.boot.security.autoconfigure."
			+ "UserDetailsServiceAutoConfiguration";

	static final String SERVLET_SECURITY = "org.springframework.boot.security.autoconfigure.web.servlet."
			+ "ServletWebSecurityAutoConfiguration";

	static final String SECURITY_FILTER = "org.springframework.boot.security.autoconfigure.web.servlet."
			+ "SecurityFilterAutoConfiguration";

	/** The actuator is on the test class path too, and its security needs the one above. */
	static final String MANAGEMENT_SECURITY = "org.springframework.boot.security.autoconfigure.actuate.web.servlet."
			+ "ManagementWebSecurityAutoConfiguration";

	/** How long a held callback waits at most for the test to let it go. */
	static final Duration HOLD = Duration.ofSeconds(30);

	@Bean
	Timeline timeline() {
		return new Timeline();
	}

	@Bean
	Blocking blocking() {
		return new Blocking();
	}

	@Bean
	SlowClose slowClose(Timeline timeline) {
		return new SlowClose(timeline);
	}

	@Bean
	Streamer streamer() {
		return new Streamer();
	}

	@Bean
	ShutdownProbe shutdownProbe(Timeline timeline) {
		return new ShutdownProbe(timeline);
	}

	/** A counter that puts events of several threads in one order: each call returns a larger number (from 1). */
	static class Timeline {

		private final AtomicLong last = new AtomicLong();

		long next() {
			return this.last.incrementAndGet();
		}

	}

	/**
	 * The default endpoint, {@code /ws}: tells each client its id ({@code id:<id>}), echoes text ({@code echo:<text>}),
	 * and holds a {@code block} message in its method until the test releases it. Records for each session whether
	 * its callbacks overlapped and how its {@code @WsOnClose} ran.
	 */
	static class Blocking {

		final Map<String, Track> tracks = new ConcurrentHashMap<>();

		Track track(String id) {
			return this.tracks.computeIfAbsent(id, (key) -> new Track());
		}

		@WsOnInit
		String opened(WsSession session) {
			Track track = track(session.id());
			track.enter();
			try {
				return "id:" + session.id();
			}
			finally {
				track.exit();
			}
		}

		@WsOnMessage
		String message(WsSession session, String text) {
			Track track = track(session.id());
			track.enter();
			try {
				if (!"block".equals(text)) {
					return "echo:" + text;
				}
				track.inMessage = true;
				track.blocked.countDown();
				track.awaitRelease();
				track.inMessage = false;
				track.messageReturned = true;
				return null;
			}
			finally {
				track.exit();
			}
		}

		@WsOnClose
		void closed(WsSession session, CloseStatus status, WsCloseCause cause) {
			Track track = track(session.id());
			track.enter();
			try {
				track.closeCalls.incrementAndGet();
				track.closed.complete(new Closed(track.inMessage, track.messageReturned, track.overlapped.get(),
						Thread.currentThread().getName(), cause, status.getCode()));
			}
			finally {
				track.exit();
			}
		}

		/** Wait until the session's {@code block} message is held in its method. */
		Track awaitBlocked(String id) throws InterruptedException {
			Track track = track(id);
			assertThat(track.blocked.await(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
				.as("the 'block' message of session %s reached its method", id)
				.isTrue();
			return track;
		}

		/** Wait for the session's {@code @WsOnClose}. */
		Closed awaitClosed(String id) throws InterruptedException, ExecutionException {
			try {
				return track(id).closed.get(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				return fail("@WsOnClose of session " + id + " did not run within " + TestClient.TIMEOUT);
			}
		}

		/**
		 * Wait for the session's {@code @WsOnClose} and assert that it ran once, alone, after the message method in
		 * flight had returned, on one of the starter's callback threads, with the given cause and code.
		 */
		void assertClosedAfterTheMessage(String id, WsCloseCause cause, int code) throws Exception {
			Closed closed = awaitClosed(id);
			assertThat(closed.inMessage()).as("@WsOnClose ran while the message method was still running").isFalse();
			assertThat(closed.messageReturned()).as("the message method had returned before @WsOnClose").isTrue();
			assertThat(closed.overlapped()).as("two callbacks of the session ran at the same time").isFalse();
			assertThat(closed.thread()).as("thread of @WsOnClose").startsWith("ws-callback-");
			assertThat(closed.cause()).as("close cause").isEqualTo(cause);
			assertThat(closed.code()).as("close code").isEqualTo(code);
			assertThat(track(id).closeCalls).as("@WsOnClose calls").hasValue(1);
		}

		/** Let every held message go (for the end of a test, whatever happened). */
		void releaseAll() {
			this.tracks.values().forEach(Track::release);
		}

		/** Whether {@code @WsOnClose} has run for every session this endpoint has seen. */
		boolean allClosed() {
			return this.tracks.values().stream().allMatch((track) -> track.closed.isDone());
		}

	}

	/** One session's callbacks, as {@link Blocking} saw them. */
	static final class Track {

		final CountDownLatch blocked = new CountDownLatch(1);

		private final CountDownLatch release = new CountDownLatch(1);

		private final AtomicInteger active = new AtomicInteger();

		final AtomicBoolean overlapped = new AtomicBoolean();

		final AtomicInteger closeCalls = new AtomicInteger();

		final CompletableFuture<Closed> closed = new CompletableFuture<>();

		volatile boolean inMessage;

		volatile boolean messageReturned;

		void enter() {
			if (this.active.incrementAndGet() > 1) {
				this.overlapped.set(true);
			}
		}

		void exit() {
			this.active.decrementAndGet();
		}

		void release() {
			this.release.countDown();
		}

		void awaitRelease() {
			try {
				this.release.await(HOLD.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** What one {@code @WsOnClose} call of {@link Blocking} saw. */
	record Closed(boolean inMessage, boolean messageReturned, boolean overlapped, String thread, WsCloseCause cause,
			int code) {
	}

	/**
	 * {@code /slow-close}: tells each client its id; its {@code @WsOnClose} waits for the test to open the gate, then
	 * records when (on the {@link Timeline}) it returned.
	 */
	@WsEndpoint("/slow-close")
	static class SlowClose {

		final CountDownLatch gate = new CountDownLatch(1);

		final AtomicInteger entered = new AtomicInteger();

		final Map<String, Long> returnedAt = new ConcurrentHashMap<>();

		final Map<String, WsCloseCause> causes = new ConcurrentHashMap<>();

		private final Timeline timeline;

		SlowClose(Timeline timeline) {
			this.timeline = timeline;
		}

		@WsOnInit
		String opened(WsSession session) {
			return "id:" + session.id();
		}

		@WsOnClose
		void closed(WsSession session, WsCloseCause cause) {
			this.entered.incrementAndGet();
			try {
				this.gate.await(HOLD.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.causes.put(session.id(), cause);
			this.returnedAt.put(session.id(), this.timeline.next());
		}

	}

	/**
	 * {@code /stream}: tells each client its id; a {@code stream} message starts a background loop that sends 1 KB
	 * messages to that session until a send returns {@code false} (the session closed), at most
	 * {@link #MAX_MESSAGES} messages or {@link #MAX_TIME}. The loop takes a 1 ms pause after every 10 messages (about
	 * 10 MB a second at most), so that it outlasts the test without taking a core of the machine.
	 */
	@WsEndpoint("/stream")
	static class Streamer {

		static final int MAX_MESSAGES = 100_000;

		static final Duration MAX_TIME = Duration.ofSeconds(10);

		final Map<String, StreamRun> streams = new ConcurrentHashMap<>();

		final Map<String, CompletableFuture<StreamClose>> closes = new ConcurrentHashMap<>();

		CompletableFuture<StreamClose> close(String id) {
			return this.closes.computeIfAbsent(id, (key) -> new CompletableFuture<>());
		}

		@WsOnInit
		String opened(WsSession session) {
			return "id:" + session.id();
		}

		@WsOnMessage
		void message(WsSession session, String text) {
			if ("stream".equals(text)) {
				StreamRun stream = new StreamRun(session);
				this.streams.put(session.id(), stream);
				stream.start();
			}
		}

		@WsOnClose
		void closed(WsSession session, CloseStatus status, WsCloseCause cause) {
			close(session.id()).complete(new StreamClose(status.getCode(), cause));
		}

	}

	/** One stream of {@link Streamer}. */
	static final class StreamRun implements Runnable {

		private final WsSession session;

		final AtomicInteger sent = new AtomicInteger();

		/** Why the loop ended: {@code closed}, {@code count}, {@code time} or {@code failed: ...}. */
		final CompletableFuture<String> stopped = new CompletableFuture<>();

		StreamRun(WsSession session) {
			this.session = session;
		}

		void start() {
			Thread thread = new Thread(this, "test-stream-" + this.session.id());
			thread.setDaemon(true);
			thread.start();
		}

		@Override
		public void run() {
			String payload = "p".repeat(1024);
			long deadline = System.nanoTime() + Streamer.MAX_TIME.toNanos();
			String reason = "count";
			try {
				for (int i = 0; i < Streamer.MAX_MESSAGES; i++) {
					if (System.nanoTime() - deadline > 0) {
						reason = "time";
						break;
					}
					if (!this.session.send(payload)) {
						reason = "closed";
						break;
					}
					this.sent.incrementAndGet();
					if (i % 10 == 9) {
						LockSupport.parkNanos(1_000_000);
					}
				}
			}
			catch (RuntimeException ex) {
				reason = "failed: " + ex;
			}
			this.stopped.complete(reason);
		}

	}

	record StreamClose(int code, WsCloseCause cause) {
	}

	/**
	 * Notes when the context starts to close, and when it stops this bean: in the phase just above the web server's
	 * graceful shutdown, so after every bean of a higher phase (the starter's broadcaster among them) has stopped, and
	 * before the web server stops.
	 */
	static class ShutdownProbe implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

		final CountDownLatch closing = new CountDownLatch(1);

		/** When (on the {@link Timeline}) this bean was stopped, or 0 before. */
		final AtomicLong stoppedAt = new AtomicLong();

		private final Timeline timeline;

		private volatile boolean running;

		ShutdownProbe(Timeline timeline) {
			this.timeline = timeline;
		}

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			this.closing.countDown();
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.stoppedAt.compareAndSet(0, this.timeline.next());
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
		}

	}

}
