package io.github.wsstarter.session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.Session;
import org.apache.tomcat.util.net.SocketWrapperBase.CompletionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The direct sink against a fake of Tomcat's socket write, alone and under an {@link OutboundQueue}: frames on the
 * wire, the semaphore Tomcat's own frames take, a write the socket cannot start (retried), one that never can (given up
 * after the send limit), Tomcat closing (nothing more written), the batch limit, and failures inside the call.
 */
class TomcatDirectSinkTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final WsIoExecutors executors = new WsIoExecutors(Runnable::run);

	private final Semaphore semaphore = new Semaphore(1);

	private final AtomicBoolean closing = new AtomicBoolean();

	private final AtomicInteger written = new AtomicInteger();

	private final FakeSocket socket = new FakeSocket();

	private final TomcatDirectSink sink = new TomcatDirectSink(session(), this.socket, this.semaphore,
			this.closing::get, this.written::incrementAndGet, 10_000);

	@AfterEach
	void stop() {
		this.executors.destroy();
	}

	@Test
	void framesGoOutWithTheirHeadersInOneGatheringWrite() {
		Recorder done = new Recorder();
		Frame[] frames = { text("hi"), text("é".repeat(100)), text("x".repeat(70_000)),
				Frame.of(new org.springframework.web.socket.BinaryMessage(new byte[] { 1, 2, 3 })) };
		assertThat(this.sink.write(frames, 4, done)).isTrue();
		assertThat(done.completed).hasValue(1);
		ByteBuffer wire = this.socket.wire();
		assertThat(frame(wire)).isEqualTo("text:hi");
		assertThat(frame(wire)).isEqualTo("text:" + "é".repeat(100));
		assertThat(frame(wire)).isEqualTo("text:" + "x".repeat(70_000));
		assertThat(frame(wire)).isEqualTo("binary:3");
		assertThat(wire.hasRemaining()).isFalse();
		assertThat(this.semaphore.availablePermits()).as("released after the write").isEqualTo(1);
		assertThat(this.written).hasValue(1);
	}

	@Test
	void aPingIsAControlFrameWrittenTheSameNonBlockingWay() {
		Recorder done = new Recorder();
		assertThat(this.sink.ping(ByteBuffer.wrap(new byte[] { 7, 7 }), done)).isTrue();
		ByteBuffer wire = this.socket.wire();
		assertThat(wire.get()).isEqualTo((byte) 0x89);
		assertThat(wire.get()).isEqualTo((byte) 2);
		assertThat(done.completed).hasValue(1);
	}

	@Test
	void nothingIsStartedWhileTomcatHoldsOrWaitsForTheSemaphore() throws Exception {
		this.semaphore.acquire();
		assertThat(this.sink.write(new Frame[] { text("held") }, 1, new Recorder())).isFalse();
		Thread waiter = new Thread(() -> {
			this.semaphore.acquireUninterruptibly();
			this.semaphore.release();
		});
		waiter.start();
		await().atMost(WAIT).until(this.semaphore::hasQueuedThreads);
		this.semaphore.release();
		waiter.join(WAIT.toMillis());
		assertThat(this.socket.writes).isZero();
	}

	@Test
	void onceTomcatIsClosingNothingIsWrittenAndTheWriteFailsAsClosed() {
		this.closing.set(true);
		Recorder done = new Recorder();
		assertThat(this.sink.write(new Frame[] { text("late") }, 1, done)).isTrue();
		assertThat(done.failures).singleElement().isInstanceOf(ClosedChannelException.class);
		assertThat(this.socket.writes).isZero();
		assertThat(this.semaphore.availablePermits()).isEqualTo(1);
	}

	@Test
	void aSocketThatCannotStartTheWriteReleasesTheSemaphoreAndSaysBusy() {
		this.socket.notDone.set(1);
		assertThat(this.sink.write(new Frame[] { text("later") }, 1, new Recorder())).isFalse();
		assertThat(this.semaphore.availablePermits()).isEqualTo(1);
	}

	@Test
	void aFailureInsideTheCallAndAnExceptionFromTheSocketBothReachTheCompletion() {
		this.socket.failInline = new IOException("reset");
		Recorder failed = new Recorder();
		assertThat(this.sink.write(new Frame[] { text("a") }, 1, failed)).isTrue();
		assertThat(failed.failures).singleElement().isInstanceOf(IOException.class);
		this.socket.failInline = null;
		this.socket.throwInline = new IllegalStateException("socket gone");
		Recorder thrown = new Recorder();
		assertThat(this.sink.write(new Frame[] { text("b") }, 1, thrown)).isTrue();
		assertThat(thrown.failures).singleElement().isInstanceOf(IllegalStateException.class);
		assertThat(this.semaphore.availablePermits()).isEqualTo(1);
	}

	@Test
	void underTheQueueAWriteNotStartedIsRetriedAndABatchHoldsAtMostSixtyFourFrames() {
		this.socket.notDone.set(3);
		this.socket.later = true;
		OutboundQueueTests.FakeListener listener = new OutboundQueueTests.FakeListener();
		OutboundQueue queue = queue(listener, Duration.ofSeconds(10));
		queue.offer(text("first"), false);
		for (int i = 0; i < 100; i++) {
			queue.offer(text("m" + i), false);
		}
		await().atMost(WAIT).until(() -> this.socket.pending.size() == 1);
		this.socket.later = false;
		this.socket.completeNext(this.sink);
		await().atMost(WAIT).until(() -> listener.sent.get() == 3);
		assertThat(this.socket.framesPerWrite).containsExactly(1, 64, 36);
		assertThat(listener.failures).isEmpty();
	}

	@Test
	void underTheQueueASocketBusyForLongerThanTheSendLimitFailsTheWriteAsTimedOut() {
		this.socket.notDone.set(Integer.MAX_VALUE);
		OutboundQueueTests.FakeListener listener = new OutboundQueueTests.FakeListener();
		OutboundQueue queue = queue(listener, Duration.ofMillis(200));
		queue.offer(text("stuck"), false);
		await().atMost(WAIT).until(() -> !listener.failures.isEmpty());
		assertThat(listener.failures).singleElement().isInstanceOf(SocketTimeoutException.class);
	}

	private OutboundQueue queue(OutboundQueue.Listener listener, Duration sendTimeLimit) {
		WsSessionSettings settings = new WsSessionSettings(sendTimeLimit, 1024 * 1024, false, 0, null,
				Duration.ofSeconds(10), null, 64 * 1024, 64 * 1024, 10);
		return new OutboundQueue(this.sink, listener, settings, this.executors);
	}

	private static Frame text(String text) {
		return Frame.of(new TextMessage(text));
	}

	/** Read one unmasked frame: its kind and, for text, its payload. */
	private static String frame(ByteBuffer wire) {
		byte first = wire.get();
		assertThat(first & 0x80).as("FIN").isNotZero();
		long length = wire.get() & 0x7F;
		if (length == 126) {
			length = wire.getShort() & 0xFFFF;
		}
		else if (length == 127) {
			length = wire.getLong();
		}
		byte[] payload = new byte[(int) length];
		wire.get(payload);
		return ((first & 0x0F) == 1) ? "text:" + new String(payload, StandardCharsets.UTF_8)
				: "binary:" + payload.length;
	}

	private static Session session() {
		return (Session) java.lang.reflect.Proxy.newProxyInstance(TomcatDirectSinkTests.class.getClassLoader(),
				new Class<?>[] { Session.class }, (proxy, method, args) -> switch (method.getName()) {
					case "isOpen" -> true;
					case "getId" -> "fake";
					default -> null;
				});
	}

	static final class Recorder implements FrameSink.Completion {

		final AtomicInteger completed = new AtomicInteger();

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		@Override
		public void completed() {
			this.completed.incrementAndGet();
		}

		@Override
		public void failed(Throwable ex) {
			this.failures.add(ex);
		}

	}

	/** What Tomcat's socket write does, as the test says: at once, later, not at all (NOT_DONE), or failing. */
	static final class FakeSocket implements TomcatDirectSink.SocketWrite {

		private final List<byte[]> bytes = new ArrayList<>();

		final List<Integer> framesPerWrite = new CopyOnWriteArrayList<>();

		final List<Object[]> pending = new CopyOnWriteArrayList<>();

		final AtomicInteger notDone = new AtomicInteger();

		volatile int writes;

		volatile boolean later;

		volatile Throwable failInline;

		volatile RuntimeException throwInline;

		@Override
		public CompletionState write(ByteBuffer[] buffers, long timeoutMillis, FrameSink.Completion completion,
				CompletionHandler<Long, FrameSink.Completion> handler) {
			if (this.notDone.get() > 0 && this.notDone.getAndDecrement() > 0) {
				return CompletionState.NOT_DONE;
			}
			if (this.throwInline != null) {
				throw this.throwInline;
			}
			this.writes++;
			long total = 0;
			synchronized (this.bytes) {
				for (ByteBuffer buffer : buffers) {
					byte[] copy = new byte[buffer.remaining()];
					buffer.duplicate().get(copy);
					this.bytes.add(copy);
					total += copy.length;
				}
			}
			this.framesPerWrite.add(buffers.length / 2);
			if (this.failInline != null) {
				handler.failed(this.failInline, completion);
				return CompletionState.ERROR;
			}
			if (this.later) {
				this.pending.add(new Object[] { completion, total });
				return CompletionState.PENDING;
			}
			handler.completed(total, completion);
			return CompletionState.INLINE;
		}

		void completeNext(TomcatDirectSink sink) {
			Object[] next = this.pending.remove(0);
			sink.completed((Long) next[1], (FrameSink.Completion) next[0]);
		}

		ByteBuffer wire() {
			synchronized (this.bytes) {
				int size = this.bytes.stream().mapToInt((b) -> b.length).sum();
				ByteBuffer all = ByteBuffer.allocate(size);
				this.bytes.forEach(all::put);
				return all.flip();
			}
		}

	}

}
