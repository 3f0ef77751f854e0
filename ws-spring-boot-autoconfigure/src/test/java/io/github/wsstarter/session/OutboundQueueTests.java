package io.github.wsstarter.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The container-neutral outbound queue against a fake {@link FrameSink}: batching, a sink that is busy (retried on the
 * timer, and given up after the send time limit), the bound on writes in a row, pings and closes behind data, the drop
 * policy around them, and failures.
 */
class OutboundQueueTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final WsIoExecutors executors = new WsIoExecutors(Runnable::run);

	@AfterEach
	void stop() {
		this.executors.destroy();
	}

	private OutboundQueue queue(FakeSink sink, FakeListener listener, long bufferLimit, boolean drop,
			Duration sendTimeLimit) {
		WsSessionSettings settings = new WsSessionSettings(sendTimeLimit, bufferLimit, drop, 0, null,
				Duration.ofSeconds(10), null, 64 * 1024, 64 * 1024, 10);
		return new OutboundQueue(sink, listener, settings, this.executors);
	}

	private OutboundQueue queue(FakeSink sink, FakeListener listener) {
		return queue(sink, listener, 1024 * 1024, false, Duration.ofSeconds(10));
	}

	private static Frame text(String text) {
		return Frame.of(new TextMessage(text));
	}

	@Test
	void framesQueuedBehindAWriteInProgressGoOutTogetherInOrder() throws Exception {
		FakeSink sink = new FakeSink(64);
		sink.completeLater = true;
		OutboundQueue queue = queue(sink, new FakeListener());
		queue.offer(text("a"), false);
		for (int i = 0; i < 100; i++) {
			queue.offer(text("b" + i), false);
		}
		assertThat(sink.writes()).containsExactly(List.of("a"));
		assertThat(queue.queuedBytes()).isEqualTo(100 * 2 + 90);
		sink.completeLater = false;
		sink.completeNext();
		await().atMost(WAIT).until(() -> sink.frames().size() == 101);
		assertThat(sink.writes().get(1)).hasSize(64).startsWith("b0", "b1");
		assertThat(sink.frames()).endsWith("b98", "b99");
		assertThat(queue.queuedBytes()).isZero();
		assertThat(sink.overlaps).hasValue(0);
	}

	@Test
	void aBusySinkIsTriedAgainOnTheTimerWithoutLosingOrReordering() {
		FakeSink sink = new FakeSink(64);
		sink.busy.set(5);
		FakeListener listener = new FakeListener();
		OutboundQueue queue = queue(sink, listener);
		queue.offer(text("first"), false);
		queue.offer(text("second"), false);
		await().atMost(WAIT).until(() -> sink.frames().size() == 2);
		assertThat(sink.frames()).containsExactly("first", "second");
		assertThat(sink.busyAnswers).hasValue(5);
		assertThat(listener.slow).isEmpty();
	}

	@Test
	void aSinkBusyForLongerThanTheSendTimeLimitMakesASlowConsumer() {
		FakeSink sink = new FakeSink(64);
		sink.busy.set(Integer.MAX_VALUE);
		FakeListener listener = new FakeListener();
		OutboundQueue queue = queue(sink, listener, 1024 * 1024, false, Duration.ofMillis(200));
		queue.offer(text("never"), false);
		await().atMost(WAIT).until(() -> !listener.failures.isEmpty() || !listener.slow.isEmpty());
		assertThat(listener.failures).singleElement().satisfies((ex) -> assertThat(ex)
			.isInstanceOf(java.net.SocketTimeoutException.class));
		assertThat(sink.frames()).isEmpty();
		assertThat(queue.offer(text("after"), false)).isEqualTo(OutboundQueue.Offer.REFUSED);
	}

	@Test
	void oneWriterMakesAFewWritesInARowThenHandsTheRestToTheFlushPool() throws Exception {
		FakeSink sink = new FakeSink(1);
		sink.completeLater = true;
		OutboundQueue queue = queue(sink, new FakeListener());
		for (int i = 0; i < 50; i++) {
			queue.offer(text("m" + i), false);
		}
		sink.completeLater = false;
		String completer = Thread.currentThread().getName();
		sink.completeNext();
		// This thread wrote the first, and a few more on its completion; then a flush thread took over
		assertThat(sink.threads().stream().filter(completer::equals).count())
			.isEqualTo(1 + OutboundQueue.MAX_WRITES_IN_A_ROW);
		await().atMost(WAIT).until(() -> sink.frames().size() == 50);
		assertThat(sink.threads()).anyMatch((name) -> name.startsWith("ws-flush-"));
		assertThat(sink.frames()).startsWith("m0", "m1").endsWith("m49");
	}

	@Test
	void aPingGoesOutBehindTheDataQueuedBeforeItAndIsStampedWhenWritten() throws Exception {
		FakeSink sink = new FakeSink(64);
		sink.completeLater = true;
		FakeListener listener = new FakeListener();
		OutboundQueue queue = queue(sink, listener);
		queue.offer(text("data"), false);
		queue.offer(text("more"), false);
		queue.offerPing(ByteBuffer.wrap(new byte[] { 1, 2 }));
		queue.offer(text("after"), false);
		assertThat(listener.pings).hasValue(0);
		sink.completeLater = false;
		sink.completeNext();
		await().atMost(WAIT).until(() -> sink.frames().size() == 4);
		assertThat(sink.frames()).containsExactly("data", "more", "PING", "after");
		assertThat(listener.pings).hasValue(1);
	}

	@Test
	void aQueuedCloseWaitsForTheFramesBeforeItAndNothingIsWrittenAfterIt() throws Exception {
		FakeSink sink = new FakeSink(64);
		sink.completeLater = true;
		OutboundQueue queue = queue(sink, new FakeListener());
		queue.offer(text("one"), false);
		queue.offer(text("two"), false);
		queue.offerClose(CloseStatus.GOING_AWAY, false);
		assertThat(queue.offer(text("three"), false)).isEqualTo(OutboundQueue.Offer.QUEUED);
		assertThat(sink.closes).isEmpty();
		sink.completeLater = false;
		sink.completeNext();
		await().atMost(WAIT).until(() -> !sink.closes.isEmpty());
		assertThat(sink.frames()).containsExactly("one", "two");
		assertThat(sink.closes).containsExactly("1001:false");
		assertThat(queue.offer(text("four"), false)).isEqualTo(OutboundQueue.Offer.REFUSED);
	}

	@Test
	void dropOldestNeverDropsAPingOrACloseAndStopsAtThem() throws Exception {
		FakeSink sink = new FakeSink(64);
		sink.completeLater = true;
		FakeListener listener = new FakeListener();
		OutboundQueue queue = queue(sink, listener, 10, true, Duration.ofSeconds(10));
		queue.offer(text("in flight"), false);
		queue.offer(text("aaaaa"), false);
		queue.offer(text("bbbbb"), false);
		// Over the limit: the oldest waiting data frame goes
		assertThat(queue.offer(text("ccccc"), false)).isEqualTo(OutboundQueue.Offer.QUEUED);
		assertThat(listener.dropped).hasValue(1);
		queue.offerPing(ByteBuffer.allocate(8));
		assertThat(queue.offer(text("ddddd"), false)).isEqualTo(OutboundQueue.Offer.QUEUED);
		assertThat(queue.offer(text("eeeee"), false)).isEqualTo(OutboundQueue.Offer.QUEUED);
		// Now the ping heads the queue: it is never dropped, and nothing behind it may be dropped before it
		assertThat(queue.offer(text("fffff"), false)).isEqualTo(OutboundQueue.Offer.REFUSED);
		assertThat(listener.dropped).hasValue(4);
		sink.completeLater = false;
		sink.completeNext();
		await().atMost(WAIT).until(() -> sink.frames().size() == 4);
		assertThat(sink.frames()).containsExactly("in flight", "PING", "ddddd", "eeeee");
		assertThat(queue.queuedBytes()).isZero();
	}

	@Test
	void aFailedWriteStopsTheQueueAndTellsTheListenerOnce() {
		FakeSink sink = new FakeSink(64);
		sink.failWith = new IOException("broken pipe");
		FakeListener listener = new FakeListener();
		OutboundQueue queue = queue(sink, listener);
		assertThat(queue.offer(text("first"), false)).isEqualTo(OutboundQueue.Offer.QUEUED);
		assertThat(listener.failures).singleElement().isInstanceOf(IOException.class);
		assertThat(queue.offer(text("second"), false)).isEqualTo(OutboundQueue.Offer.REFUSED);
	}

	@Test
	void aWriteRefusedBecauseTheContainerIsClosingEndsQuietly() {
		FakeSink sink = new FakeSink(64);
		sink.failWith = new java.nio.channels.ClosedChannelException();
		FakeListener listener = new FakeListener();
		OutboundQueue queue = queue(sink, listener);
		queue.offer(text("first"), false);
		assertThat(listener.failures).isEmpty();
		assertThat(queue.offer(text("second"), false)).isEqualTo(OutboundQueue.Offer.REFUSED);
	}

	@Test
	void anAbortWaitsForTheWriteInProgressThenClosesTheSocket() throws Exception {
		FakeSink sink = new FakeSink(64);
		sink.completeLater = true;
		OutboundQueue queue = queue(sink, new FakeListener());
		queue.offer(text("in flight"), false);
		queue.offer(text("dropped"), false);
		queue.abort(CloseStatus.POLICY_VIOLATION, true);
		assertThat(sink.closes).isEmpty();
		sink.completeNext();
		await().atMost(WAIT).until(() -> !sink.closes.isEmpty());
		assertThat(sink.closes).containsExactly("1008:true");
		assertThat(sink.frames()).containsExactly("in flight");

		FakeSink stuck = new FakeSink(64);
		stuck.completeLater = true;
		OutboundQueue stalled = queue(stuck, new FakeListener());
		stalled.offer(text("never completes"), false);
		stalled.abort(CloseStatus.POLICY_VIOLATION, true);
		stalled.checkPendingClose(System.nanoTime());
		assertThat(stuck.closes).as("within the grace period").isEmpty();
		stalled.checkPendingClose(System.nanoTime() + OutboundQueue.CLOSE_GRACE_NANOS + 1);
		await().atMost(WAIT).until(() -> !stuck.closes.isEmpty());
	}

	/** A sink that records what it is given and completes when the test says. */
	static final class FakeSink implements FrameSink {

		private final int maxBatch;

		private final List<List<String>> writes = new ArrayList<>();

		private final List<String> threads = new ArrayList<>();

		final List<String> closes = new CopyOnWriteArrayList<>();

		final LinkedBlockingQueue<Completion> pending = new LinkedBlockingQueue<>();

		final AtomicInteger busy = new AtomicInteger();

		final AtomicInteger busyAnswers = new AtomicInteger();

		final AtomicInteger inFlight = new AtomicInteger();

		final AtomicInteger overlaps = new AtomicInteger();

		volatile boolean completeLater;

		volatile Throwable failWith;

		FakeSink(int maxBatch) {
			this.maxBatch = maxBatch;
		}

		@Override
		public int maxBatchFrames() {
			return this.maxBatch;
		}

		@Override
		public boolean write(Frame[] frames, int count, Completion completion) {
			List<String> texts = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				texts.add(frames[i].text());
			}
			return start(texts, completion);
		}

		@Override
		public boolean ping(ByteBuffer payload, Completion completion) {
			return start(List.of("PING"), completion);
		}

		private boolean start(List<String> texts, Completion completion) {
			if (this.busy.get() > 0 && this.busy.getAndDecrement() > 0) {
				this.busyAnswers.incrementAndGet();
				return false;
			}
			if (this.inFlight.incrementAndGet() > 1) {
				this.overlaps.incrementAndGet();
			}
			synchronized (this.writes) {
				this.writes.add(texts);
				this.threads.add(Thread.currentThread().getName());
			}
			if (this.failWith != null) {
				this.inFlight.decrementAndGet();
				completion.failed(this.failWith);
			}
			else if (this.completeLater) {
				this.pending.add(completion);
			}
			else {
				this.inFlight.decrementAndGet();
				completion.completed();
			}
			return true;
		}

		void completeNext() throws InterruptedException {
			Completion completion = this.pending.poll(5, TimeUnit.SECONDS);
			this.inFlight.decrementAndGet();
			completion.completed();
		}

		List<List<String>> writes() {
			synchronized (this.writes) {
				return List.copyOf(this.writes);
			}
		}

		List<String> frames() {
			return writes().stream().flatMap(List::stream).toList();
		}

		List<String> threads() {
			synchronized (this.writes) {
				return List.copyOf(this.threads);
			}
		}

		@Override
		public void close(CloseStatus status, boolean closeSocket) {
			this.closes.add(status.getCode() + ":" + closeSocket);
		}

		@Override
		public boolean isOutputClosed() {
			return !this.closes.isEmpty();
		}

		@Override
		public boolean isSocketClosed() {
			return !this.closes.isEmpty();
		}

		@Override
		public boolean isDirect() {
			return true;
		}

	}

	static final class FakeListener implements OutboundQueue.Listener {

		final AtomicInteger sent = new AtomicInteger();

		final AtomicInteger pings = new AtomicInteger();

		final AtomicInteger dropped = new AtomicInteger();

		final List<String> slow = new CopyOnWriteArrayList<>();

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		final List<Long> waiting = new CopyOnWriteArrayList<>();

		@Override
		public void queued(Frame frame, long waiting) {
			this.waiting.add(waiting);
		}

		@Override
		public void sent() {
			this.sent.incrementAndGet();
		}

		@Override
		public void pingWritten() {
			this.pings.incrementAndGet();
		}

		@Override
		public void dropped() {
			this.dropped.incrementAndGet();
		}

		@Override
		public void slowConsumer(String why) {
			this.slow.add(why);
		}

		@Override
		public void writeFailed(Throwable ex) {
			this.failures.add(ex);
		}

	}

}
