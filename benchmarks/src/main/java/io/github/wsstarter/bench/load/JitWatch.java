package io.github.wsstarter.bench.load;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Whether the servers' JIT compilers have been (almost) idle for {@link #QUIET}: what a warm-up that waits for them
 * asks, as often as it likes; the servers' threads are read at most every 100 ms. Not thread-safe.
 */
final class JitWatch {

	/** How long the compilers must have been idle. */
	static final Duration QUIET = Duration.ofSeconds(2);

	/** CPU ticks (10 ms) the compilers of all servers together may use in {@link #QUIET}: 1 % of a core. */
	static final long QUIET_TICKS = 2;

	private static final long SAMPLE_NANOS = 100_000_000L;

	private final List<ServerProcess> servers;

	/** (time, compiler ticks) samples, oldest first: the oldest kept is the newest one at least QUIET old. */
	private final ArrayDeque<long[]> samples = new ArrayDeque<>();

	JitWatch(List<ServerProcess> servers) {
		this.servers = servers;
	}

	boolean quiet() {
		long now = System.nanoTime();
		long[] last = this.samples.peekLast();
		if (last == null || now - last[0] >= SAMPLE_NANOS) {
			last = new long[] { now, this.servers.stream().mapToLong(ServerProcess::compilerTicks).sum() };
			this.samples.addLast(last);
		}
		long[] oldest = this.samples.pollFirst();
		while (!this.samples.isEmpty() && now - this.samples.peekFirst()[0] >= QUIET.toNanos()) {
			oldest = this.samples.pollFirst();
		}
		this.samples.addFirst(oldest);
		return now - oldest[0] >= QUIET.toNanos() && last[1] - oldest[1] <= QUIET_TICKS;
	}

}
