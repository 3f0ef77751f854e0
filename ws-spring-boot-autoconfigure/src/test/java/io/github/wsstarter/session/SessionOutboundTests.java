package io.github.wsstarter.session;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wsstarter.WsCloseCause;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session's outbound queue and the Jakarta sink against a fake container endpoint that completes writes when the test says: inside the send
 * call, later on another thread, or with a failure. It checks what the integration tests can only hope to hit: no
 * two writes at once, order kept, no recursion, and closes that wait for the write in progress.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionOutboundTests {

	private final ExecutorService completions = Executors.newFixedThreadPool(2);

	private final WsIoExecutors executors = new WsIoExecutors(Runnable::run);

	private final WsSessionRegistry registry = new WsSessionRegistry(new WsMessageEncoder(new JsonMapper()),
			new WsSessionSettings(Duration.ofSeconds(10), 1024 * 1024, false, 0, null, Duration.ofSeconds(10), null,
					64 * 1024, 64 * 1024, 10),
			this.executors, WsFrameSinks.forContainer(true, getClass().getClassLoader()));

	@AfterEach
	void stop() {
		this.completions.shutdownNow();
		this.executors.destroy();
	}

	/** A container endpoint that records writes and fails the test on a write while another is in flight. */
	final class FakeEndpoint {

		final List<String> written = new ArrayList<>();

		final LinkedBlockingQueue<SendHandler> pending = new LinkedBlockingQueue<>();

		final AtomicInteger inFlight = new AtomicInteger();

		final AtomicInteger overlaps = new AtomicInteger();

		final List<CloseReason> closes = new ArrayList<>();

		volatile String mode = "inline";

		volatile boolean open = true;

		final String id;

		FakeEndpoint() {
			this("fake");
		}

		FakeEndpoint(String id) {
			this.id = id;
		}

		void send(String text, SendHandler handler) {
			if (this.inFlight.incrementAndGet() > 1) {
				this.overlaps.incrementAndGet();
			}
			synchronized (this.written) {
				this.written.add(text);
			}
			switch (this.mode) {
				case "inline" -> complete(handler, null);
				case "later" -> this.pending.add(handler);
				case "async" -> SessionOutboundTests.this.completions.execute(() -> complete(handler, null));
				case "closing", "refusing" -> {
					// What Tomcat does once it has sent its close frame ("closing"), or when a send comes at the wrong
					// time ("refusing")
					this.inFlight.decrementAndGet();
					this.open = !this.mode.equals("closing");
					throw new IllegalStateException("Message will not be sent");
				}
				default -> complete(handler, new java.io.IOException("broken pipe"));
			}
		}

		void complete(SendHandler handler, Throwable failure) {
			this.inFlight.decrementAndGet();
			handler.onResult((failure != null) ? new SendResult((Session) null, failure) : new SendResult((Session) null));
		}

		void completeNext() throws InterruptedException {
			complete(this.pending.poll(5, TimeUnit.SECONDS), null);
		}

		List<String> written() {
			synchronized (this.written) {
				return List.copyOf(this.written);
			}
		}

		DefaultWsSession session() {
			RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { RemoteEndpoint.Async.class }, (proxy, method, args) -> {
						if (method.getName().equals("sendText")) {
							send((String) args[0], (SendHandler) args[1]);
						}
						return null;
					});
			Map<String, Object> userProperties = new ConcurrentHashMap<>();
			Session jakarta = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { Session.class }, (proxy, method, args) -> switch (method.getName()) {
						case "getAsyncRemote" -> async;
						case "getUserProperties" -> userProperties;
						case "getRequestURI" -> URI.create("ws://localhost/test");
						case "getNegotiatedExtensions" -> List.of();
						case "getId" -> this.id;
						case "isOpen" -> this.open;
						case "close" -> {
							synchronized (this.closes) {
								this.closes.add((CloseReason) args[0]);
							}
							this.open = false;
							yield null;
						}
						default -> null;
					});
			StandardWebSocketSession spring = new StandardWebSocketSession(null, null, null, null);
			spring.initializeNativeSession(jakarta);
			return SessionOutboundTests.this.registry.open(spring, "/test");
		}

	}

	@Test
	void completionsInsideTheSendCallAreLoopedNotRecursed() throws Exception {
		FakeEndpoint endpoint = new FakeEndpoint();
		endpoint.mode = "later";
		DefaultWsSession session = endpoint.session();
		// One write in flight and 49,999 waiting; then every completion happens inside the next send call
		for (int i = 0; i < 50_000; i++) {
			assertThat(session.send("m" + i)).isTrue();
		}
		assertThat(endpoint.written()).containsExactly("m0");
		endpoint.mode = "inline";
		endpoint.completeNext();
		// A few writes on the completing thread, then the flush pool goes on, a few at a time
		await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.written().size() == 50_000);
		assertThat(endpoint.written()).startsWith("m0", "m1").endsWith("m49999");
		assertThat(endpoint.overlaps).hasValue(0);
	}

	@Test
	void aBatchWritesNothingUntilItsFlushThenEverySessionGetsItsFramesInOrder() {
		// More sessions than a flush task's chunk, so that full chunks are held too
		List<FakeEndpoint> endpoints = new ArrayList<>();
		List<DefaultWsSession> sessions = new ArrayList<>();
		for (int i = 0; i < WsFanOut.CHUNK * 2 + 3; i++) {
			FakeEndpoint endpoint = new FakeEndpoint("s" + i);
			endpoints.add(endpoint);
			sessions.add(endpoint.session());
		}
		WsFanOut batch = this.registry.fanOutBatch();
		for (int m = 0; m < 3; m++) {
			batch.frame(new org.springframework.web.socket.TextMessage("m" + m));
			sessions.forEach(batch::add);
		}
		assertThat(endpoints).allSatisfy((endpoint) -> assertThat(endpoint.written()).isEmpty());
		batch.flush();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(endpoints)
				.allSatisfy((endpoint) -> assertThat(endpoint.written()).containsExactly("m0", "m1", "m2")));
	}

	@Test
	void anObserverThatThrowsChangesNothingForTheSessionAndIsLoggedOncePerMethod(CapturedOutput output) {
		WsEndpointObserver throwing = new WsEndpointObserver() {

			@Override
			public void sessionOpened(io.github.wsstarter.WsSession session) {
				throw new IllegalStateException("broken observer");
			}

			@Override
			public void messageQueued(boolean binary, long bytes, long waiting) {
				throw new IllegalStateException("broken observer");
			}

			@Override
			public void sessionClosed(io.github.wsstarter.WsSession session, org.springframework.web.socket.CloseStatus status,
					WsCloseCause cause, Duration duration) {
				throw new IllegalStateException("broken observer");
			}

		};
		this.registry.observers().setObserver(new WsObserver() {

			@Override
			public WsEndpointObserver endpoint(String path) {
				return throwing;
			}

		});
		FakeEndpoint endpoint = new FakeEndpoint("observed");
		DefaultWsSession session = endpoint.session();
		assertThat(this.registry.get(session.id())).isSameAs(session);
		for (int i = 0; i < 3; i++) {
			assertThat(session.send("m" + i)).isTrue();
		}
		assertThat(endpoint.written()).containsExactly("m0", "m1", "m2");
		this.registry.closed(session);
		this.registry.remove(session);
		assertThat(this.registry.get(session.id())).isNull();
		for (String method : List.of("sessionOpened", "messageQueued", "sessionClosed")) {
			assertThat(output.getOut().split("failed in " + method + ";", -1)).as(method).hasSize(2);
		}
	}

	@Test
	void oneWriteAtATimeAndTheRestWaitsInOrder() throws Exception {
		FakeEndpoint endpoint = new FakeEndpoint();
		endpoint.mode = "later";
		DefaultWsSession session = endpoint.session();
		for (int i = 0; i < 5; i++) {
			session.send("m" + i);
		}
		assertThat(endpoint.written()).containsExactly("m0");
		assertThat(session.queuedBytes()).isEqualTo(8);
		for (int i = 1; i < 5; i++) {
			endpoint.completeNext();
			assertThat(endpoint.written()).hasSize(i + 1).last().isEqualTo("m" + i);
		}
		endpoint.completeNext();
		assertThat(session.queuedBytes()).isZero();
		assertThat(endpoint.overlaps).hasValue(0);
	}

	@Test
	void manyThreadsSendingWhileCompletionsRunElsewhereLoseNothingAndKeepEachThreadsOrder() throws Exception {
		FakeEndpoint endpoint = new FakeEndpoint();
		endpoint.mode = "async";
		DefaultWsSession session = endpoint.session();
		int threads = 8;
		int each = 5_000;
		ExecutorService senders = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			futures.add(senders.submit(() -> {
				start.await();
				for (int i = 0; i < each; i++) {
					session.send(thread + ":" + i);
					if (ThreadLocalRandom.current().nextInt(1000) == 0) {
						Thread.yield();
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
		senders.shutdown();
		await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.written().size() == threads * each);
		int[] next = new int[threads];
		for (String message : endpoint.written()) {
			int thread = Integer.parseInt(message.substring(0, message.indexOf(':')));
			assertThat(Integer.parseInt(message.substring(message.indexOf(':') + 1))).isEqualTo(next[thread]++);
		}
		assertThat(endpoint.overlaps).hasValue(0);
	}

	@Test
	void aFailedWriteClosesTheSessionAndNothingMoreIsWritten() {
		FakeEndpoint endpoint = new FakeEndpoint();
		endpoint.mode = "fail";
		DefaultWsSession session = endpoint.session();
		session.send("first");
		await().atMost(Duration.ofSeconds(5)).until(() -> !endpoint.open);
		assertThat(session.closeCause(org.springframework.web.socket.CloseStatus.NO_CLOSE_FRAME))
			.isEqualTo(WsCloseCause.DROPPED);
		assertThat(session.send("second")).isFalse();
		assertThat(endpoint.written()).containsExactly("first");
	}

	@Test
	void aWriteTheContainerRefusesBecauseItIsClosingEndsQuietly(CapturedOutput output) {
		FakeEndpoint endpoint = new FakeEndpoint();
		endpoint.mode = "closing";
		DefaultWsSession session = endpoint.session();
		assertThat(session.send("first")).isTrue();
		assertThat(session.send("second")).isFalse();
		// The container closes the session and reports it: no close and no warning of ours on top of that
		assertThat(endpoint.written()).containsExactly("first");
		assertThat(output).doesNotContain("WARN").doesNotContain("ERROR");
	}

	@Test
	void aWriteTheContainerRefusesWhileOpenClosesTheSessionWith1011(CapturedOutput output) {
		FakeEndpoint endpoint = new FakeEndpoint();
		endpoint.mode = "refusing";
		DefaultWsSession session = endpoint.session();
		session.send("first");
		await().atMost(Duration.ofSeconds(5)).until(() -> !endpoint.open);
		assertThat(endpoint.closes).extracting((reason) -> reason.getCloseCode().getCode()).containsExactly(1011);
		assertThat(output).contains("the container refused a message");
	}

	@Test
	void aCloseWaitsForTheWriteInProgressThenForcesAfterTheGracePeriod() throws Exception {
		FakeEndpoint endpoint = new FakeEndpoint();
		endpoint.mode = "later";
		DefaultWsSession session = endpoint.session();
		session.send("in flight");
		session.send("queued");
		session.slowConsumer("test");
		assertThat(endpoint.open).as("no close under the write in progress").isTrue();
		endpoint.completeNext();
		await().atMost(Duration.ofSeconds(5)).until(() -> !endpoint.open);
		assertThat(endpoint.written()).containsExactly("in flight");
		assertThat(endpoint.closes).singleElement().extracting((reason) -> reason.getCloseCode().getCode()).isEqualTo(1008);

		FakeEndpoint stuck = new FakeEndpoint();
		stuck.mode = "later";
		DefaultWsSession stalled = stuck.session();
		stalled.send("never completes");
		stalled.slowConsumer("test");
		// What the monitor does each period, until the grace period is over and it closes under the stuck write
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
			stalled.check(System.nanoTime());
			return !stuck.open;
		});
	}

}
