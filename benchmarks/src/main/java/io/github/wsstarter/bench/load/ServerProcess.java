package io.github.wsstarter.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the kernel says about the server process: CPU time (user + system) and resident memory.
 */
record ServerProcess(long pid) {

	/** Clock ticks per second of /proc/PID/stat; 100 on every Linux this runs on. */
	private static final long TICKS_PER_SECOND = 100;

	/** User plus system CPU time so far, in nanoseconds (10 ms resolution). */
	long cpuNanos() {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(this.pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// After the command: state is field 3 of the man page, utime 14 and stime 15
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * 1_000_000_000L / TICKS_PER_SECOND;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read /proc/" + this.pid + "/stat", ex);
		}
	}

	/** Resident set size, in bytes. */
	long rssBytes() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(this.pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
			throw new IllegalStateException("No VmRSS for " + this.pid);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read /proc/" + this.pid + "/status", ex);
		}
	}

	/**
	 * CPU ticks so far of each thread, by thread name with trailing digits folded ({@code ws-flush-#}): for
	 * {@code BENCH_THREADS=1}, which prints where a scenario's server CPU went.
	 */
	Map<String, Long> threadTicks() {
		Map<String, Long> ticks = new TreeMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(this.pid), "task"))) {
			tasks.forEach((task) -> {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = Files.readString(task.resolve("comm")).strip().replaceAll("\\d+$", "#");
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended
				}
			});
		}
		catch (IOException ex) {
			// the process ended
		}
		return ticks;
	}

	/** CPU ticks so far of the JIT compiler threads (none for a server that is not a JVM). */
	long compilerTicks() {
		return threadTicks().entrySet()
			.stream()
			.filter((entry) -> entry.getKey().contains("CompilerThre"))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	/** With {@code BENCH_THREADS=1}: each server's CPU ticks (10 ms) by thread during the measurement. */
	static void printThreadTicks(List<Map<String, Long>> before,
			List<Map<String, Long>> after) {
		for (int i = 0; i < after.size(); i++) {
			Map<String, Long> start = before.get(i);
			StringBuilder line = new StringBuilder("  server " + i + " CPU ticks by thread:");
			after.get(i).forEach((name, ticks) -> {
				long used = ticks - start.getOrDefault(name, 0L);
				if (used > 0) {
					line.append(' ').append(name).append('=').append(used);
				}
			});
			System.out.println(line);
		}
	}

}
