package io.github.wsstarter.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.netty.util.AttributeKey;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The three scenarios of the benchmark. Each returns its metrics by name; times are in microseconds, rates per
 * second, CPU in microseconds of server time (user + system, from /proc) per message or delivery.
 */
public final class Scenarios implements AutoCloseable {

	private final WsClients clients;

	private final ServerProcess server;

	private final String base;

	/** Every server the subscribers of a fan-out spread over: one, or the instances of a cluster. */
	private final List<ServerProcess> servers;

	private final List<String> bases;

	/**
	 * @param threads event loop threads of the load generator
	 * @param serverPid the server process, for its CPU time and memory
	 * @param port the server's port on 127.0.0.1
	 */
	public Scenarios(int threads, long serverPid, int port) {
		this(threads, serverPid, port, false);
	}

	/**
	 * @param threads event loop threads of the load generator
	 * @param serverPid the server process, for its CPU time and memory
	 * @param port the server's port on 127.0.0.1
	 * @param deflate whether every client offers per-message compression (permessage-deflate), as browsers do
	 */
	public Scenarios(int threads, long serverPid, int port, boolean deflate) {
		this(threads, List.of(serverPid), List.of(port), deflate);
	}

	/**
	 * @param threads event loop threads of the load generator
	 * @param serverPids the instances of a cluster; CPU figures are their sum
	 * @param ports their ports on 127.0.0.1, in the same order; a fan-out's publisher is on the first, its
	 * subscribers are spread over all
	 * @param deflate whether every client offers per-message compression (permessage-deflate), as browsers do
	 */
	public Scenarios(int threads, List<Long> serverPids, List<Integer> ports, boolean deflate) {
		this.clients = new WsClients(threads, deflate);
		this.servers = serverPids.stream().map(ServerProcess::new).toList();
		this.bases = ports.stream().map((port) -> "127.0.0.1:" + port).toList();
		this.server = this.servers.get(0);
		this.base = this.bases.get(0);
	}

	private List<Map<String, Long>> threadTicks() {
		return (System.getenv("BENCH_THREADS") != null) ? this.servers.stream().map(ServerProcess::threadTicks).toList()
				: List.of();
	}

	/** Server CPU time of every instance together. */
	private long cpuNanos() {
		return this.servers.stream().mapToLong(ServerProcess::cpuNanos).sum();
	}

	private URI ws(String path) {
		return URI.create("ws://" + this.base + path);
	}

	private static String padding(int size) {
		return "x".repeat(Math.max(0, size));
	}

	/** Connect many clients, at most {@code parallel} handshakes at a time; record each handshake's time. */
	private List<Channel> connectAll(URI uri, int count, int parallel, WsClients.Listener listener, Histogram times)
			throws Exception {
		return connectAll(List.of(uri), count, parallel, listener, times);
	}

	/** Connect many clients spread over the URIs in turn. */
	private List<Channel> connectAll(List<URI> uris, int count, int parallel, WsClients.Listener listener,
			Histogram times) throws Exception {
		List<CompletableFuture<Channel>> futures = new ArrayList<>(count);
		Semaphore inFlight = new Semaphore(parallel);
		for (int i = 0; i < count; i++) {
			inFlight.acquire();
			long start = System.nanoTime();
			CompletableFuture<Channel> future = this.clients.connect(uris.get(i % uris.size()), listener);
			future.whenComplete((channel, ex) -> {
				if (times != null && ex == null) {
					synchronized (times) {
						times.recordValue((System.nanoTime() - start) / 1000);
					}
				}
				inFlight.release();
			});
			futures.add(future);
		}
		List<Channel> channels = new ArrayList<>(count);
		for (CompletableFuture<Channel> future : futures) {
			channels.add(future.get(60, TimeUnit.SECONDS));
		}
		return channels;
	}

	private static void closeAll(List<Channel> channels) {
		for (Channel channel : channels) {
			channel.writeAndFlush(new CloseWebSocketFrame()).addListener((future) -> channel.close());
		}
		for (Channel channel : channels) {
			channel.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * Echo: {@code connections} clients in a closed loop (send, wait for the answer, send again) for a fixed time.
	 */
	public Map<String, Double> echo(int connections, Duration warmup, Duration duration, int size) throws Exception {
		Recorder latencies = new Recorder(3);
		AtomicLong measured = new AtomicLong();
		long measureFrom = System.nanoTime() + warmup.toNanos() + Duration.ofSeconds(2).toNanos();
		long measureTo = measureFrom + duration.toNanos();
		String pad = ":" + padding(size - 20);
		long[] cpu = new long[2];
		WsClients.Listener listener = (channel, content) -> {
			long now = System.nanoTime();
			long sent = WsClients.leadingNumber(content);
			if (now >= measureFrom && sent >= measureFrom && now < measureTo) {
				latencies.recordValue((now - sent) / 1000);
				measured.incrementAndGet();
			}
			if (now < measureTo) {
				channel.writeAndFlush(new TextWebSocketFrame(now + pad));
			}
		};
		List<Channel> channels = connectAll(ws("/echo"), connections, 64, listener, null);
		for (Channel channel : channels) {
			channel.writeAndFlush(new TextWebSocketFrame(System.nanoTime() + pad));
		}
		parkUntil(measureFrom);
		cpu[0] = this.server.cpuNanos();
		parkUntil(measureTo);
		cpu[1] = this.server.cpuNanos();
		Histogram histogram = latencies.getIntervalHistogram();
		closeAll(channels);
		long messages = measured.get();
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("messages/s", messages / (duration.toNanos() / 1e9));
		result.put("p50 us", (double) histogram.getValueAtPercentile(50));
		result.put("p99 us", (double) histogram.getValueAtPercentile(99));
		result.put("p999 us", (double) histogram.getValueAtPercentile(99.9));
		result.put("server CPU us/msg", (cpu[1] - cpu[0]) / 1000.0 / Math.max(1, messages));
		return result;
	}

	/** The longest a fan-out warms up, however many warm-up messages it was given. */
	static final Duration WARMUP_LIMIT = Duration.ofSeconds(30);


	private static final AttributeKey<Subscriber> SUBSCRIBER = AttributeKey.valueOf("subscriber");

	/** Subscriber state, touched only by the subscriber's event loop thread. */
	private static final class Subscriber {

		long expected;

		long lost;

		long reordered;

	}

	/**
	 * Fan-out: {@code subscribers} clients on {@code /broadcast} and one publisher whose every message the server
	 * sends to all of them. Paced at {@code rate} messages per second, or, with {@code rate} 0, as fast as possible
	 * while at most {@code window} messages are not yet delivered everywhere. The first {@code warmup} messages, or
	 * as many as go out in {@link #WARMUP_LIMIT} if that is fewer, warm up and are not measured. With
	 * {@code untilJitQuiet}, the warm-up goes on after them until the servers' JIT compilers have been quiet for
	 * {@link JitWatch#QUIET} (still at most {@link #WARMUP_LIMIT}), so that no target is measured while compiling.
	 */
	public Map<String, Double> fanout(int subscribers, int messages, int warmup, int rate, int window, int size,
			boolean untilJitQuiet) throws Exception {
		Recorder latencies = new Recorder(3);
		AtomicLong delivered = new AtomicLong();
		// Where the measured messages start: 'warmup', or fewer if the warm-up reaches its time limit first
		AtomicLong measuredFrom = new AtomicLong(warmup);
		String pad = ":" + padding(size - 30);
		AtomicLong ready = new AtomicLong();
		WsClients.Listener listener = (channel, content) -> {
			if (content.isReadable() && content.getByte(content.readerIndex()) == 'r') {
				ready.incrementAndGet();
				return;
			}
			long now = System.nanoTime();
			long sequence = WsClients.leadingNumber(content);
			Subscriber state = channel.attr(SUBSCRIBER).get();
			if (state == null) {
				state = new Subscriber();
				channel.attr(SUBSCRIBER).set(state);
			}
			if (sequence == state.expected) {
				state.expected++;
			}
			else if (sequence > state.expected) {
				state.lost += sequence - state.expected;
				state.expected = sequence + 1;
			}
			else {
				state.reordered++;
			}
			if (sequence >= measuredFrom.get()) {
				latencies.recordValue((now - WsClients.secondNumber(content)) / 1000);
			}
			delivered.incrementAndGet();
		};
		List<URI> everywhere = this.bases.stream().map((server) -> URI.create("ws://" + server + "/broadcast")).toList();
		List<Channel> channels = connectAll(everywhere, subscribers, 100, listener, null);
		Channel publisher = this.clients.connect(ws("/broadcast"), (channel, content) -> {
		}).get(30, TimeUnit.SECONDS);
		// A client's handshake completes before the server has registered its session: publish only once the server
		// has said 'ready' to every subscriber, or the first messages miss the last ones to connect
		if (!awaitDelivered(ready, subscribers, Duration.ofSeconds(60))) {
			throw new IllegalStateException("Only " + ready.get() + " of " + subscribers + " subscribers are ready");
		}

		long start = 0;
		long cpuStart = 0;
		List<Map<String, Long>> threadsStart = List.of();
		long interval = (rate > 0) ? 1_000_000_000L / rate : 0;
		long warmupStart = System.nanoTime();
		long warmupEnds = warmupStart + WARMUP_LIMIT.toNanos();
		long total = warmup + messages;
		JitWatch jit = new JitWatch(this.servers);
		for (long sequence = 0; sequence < total; sequence++) {
			if (sequence < measuredFrom.get() && System.nanoTime() > warmupEnds) {
				measuredFrom.set(sequence);
				total = sequence + messages;
			}
			else if (untilJitQuiet && sequence == measuredFrom.get() && !jit.quiet()) {
				measuredFrom.set(sequence + 100);
				total = sequence + 100 + messages;
			}
			long warmupMessages = measuredFrom.get();
			if (sequence == warmupMessages) {
				awaitDelivered(delivered, warmupMessages * (long) subscribers, Duration.ofSeconds(60));
				latencies.reset();
				start = System.nanoTime();
				if (untilJitQuiet) {
					System.out.printf("  warm-up: %d messages in %.1f s%s%n", warmupMessages, (start - warmupStart) / 1e9,
							(start >= warmupEnds) ? " (the time limit; the JIT compilers were not quiet)" : "");
				}
				cpuStart = cpuNanos();
				threadsStart = threadTicks();
			}
			if (rate > 0 && sequence >= warmupMessages) {
				parkUntil(start + (sequence - warmupMessages) * interval);
			}
			else {
				// Windowed: publish message k once all but the last 'window' messages have reached everybody
				long mustHave = (sequence - window) * (long) subscribers;
				while (delivered.get() < mustHave) {
					LockSupport.parkNanos(20_000);
				}
			}
			publisher.writeAndFlush(new TextWebSocketFrame(sequence + ":" + System.nanoTime() + pad));
		}
		boolean complete = awaitDelivered(delivered, total * subscribers, Duration.ofSeconds(120));
		long end = System.nanoTime();
		long cpuEnd = cpuNanos();
		ServerProcess.printThreadTicks(threadsStart, threadTicks());
		Histogram histogram = latencies.getIntervalHistogram();
		long lost = 0;
		long reordered = 0;
		for (Channel channel : channels) {
			Subscriber state = channel.attr(SUBSCRIBER).get();
			long expected = (state != null) ? state.expected : 0;
			lost += ((state != null) ? state.lost : 0) + (total - expected);
			reordered += (state != null) ? state.reordered : 0;
		}
		closeAll(channels);
		closeAll(List.of(publisher));
		double deliveries = (double) messages * subscribers;
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("deliveries/s", deliveries / ((end - start) / 1e9));
		result.put("server CPU us/delivery", (cpuEnd - cpuStart) / 1000.0 / deliveries);
		result.put("p50 us", (double) histogram.getValueAtPercentile(50));
		result.put("p99 us", (double) histogram.getValueAtPercentile(99));
		result.put("lost", (double) lost);
		result.put("reordered", (double) reordered);
		result.put("complete", complete ? 1.0 : 0.0);
		return result;
	}

	private static boolean awaitDelivered(AtomicLong delivered, long count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (delivered.get() < count) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			LockSupport.parkNanos(100_000);
		}
		return true;
	}

	/**
	 * Connections: {@code count} idle clients on {@code /echo}; the server's resident and live-heap memory per
	 * connection, and the handshake time.
	 */
	public Map<String, Double> connections(int count) throws Exception {
		long heapBefore = liveHeap();
		long rssBefore = this.server.rssBytes();
		Histogram times = new Histogram(3);
		long start = System.nanoTime();
		List<Channel> channels = connectAll(ws("/echo"), count, 100, (channel, content) -> {
		}, times);
		long elapsed = System.nanoTime() - start;
		long heapAfter = liveHeap();
		long rssAfter = this.server.rssBytes();
		closeAll(channels);
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("RSS KiB/conn", (rssAfter - rssBefore) / 1024.0 / count);
		result.put("heap KiB/conn", (heapAfter - heapBefore) / 1024.0 / count);
		result.put("connects/s", count / (elapsed / 1e9));
		result.put("connect p50 us", (double) times.getValueAtPercentile(50));
		result.put("connect p99 us", (double) times.getValueAtPercentile(99));
		return result;
	}

	/** The server's live heap after a full collection, from its {@code GET /heap}. */
	private long liveHeap() throws Exception {
		HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
			.send(HttpRequest.newBuilder(URI.create("http://" + this.base + "/heap")).build(),
					HttpResponse.BodyHandlers.ofString());
		return Long.parseLong(response.body().trim());
	}

	private static void parkUntil(long nanoTime) {
		long left;
		while ((left = nanoTime - System.nanoTime()) > 0) {
			LockSupport.parkNanos(Math.min(left, 10_000_000));
		}
	}

	@Override
	public void close() {
		this.clients.close();
	}

}
