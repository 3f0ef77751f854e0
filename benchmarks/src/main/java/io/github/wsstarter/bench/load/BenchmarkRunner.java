package io.github.wsstarter.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs every target through every scenario, interleaved (A B C, C B A, A B C, ...) since these machines are noisy, and
 * prints for each metric the median, the range, and each target's ratio to {@code spring-raw}.
 * <p>
 * Each target runs in a fresh process per round, started with the same JVM options; the load generator runs in this
 * process. Usage: {@code benchmarks/run.sh [--rounds 3] [--targets starter,spring-raw,node] [--quick]}.
 */
public final class BenchmarkRunner {

	/**
	 * Messages published before the windowed fan-out is measured (eight million deliveries to 1,000 subscribers),
	 * and then more until the JIT compilers are quiet, all within {@link Scenarios#WARMUP_LIMIT}: with less, the JIT
	 * compilers of a cluster's two instances, each doing half the work, were still at work in the measurement.
	 */
	private static final int WINDOWED_WARMUP = 8000;

	private final Map<String, String> options;

	private final boolean quick;

	/** scenario -> metric -> target -> one value per round. */
	private final Map<String, Map<String, Map<String, List<Double>>>> results = new LinkedHashMap<>();

	private BenchmarkRunner(Map<String, String> options) {
		this.options = options;
		this.quick = options.containsKey("quick");
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].startsWith("--")) {
				String name = args[i].substring(2);
				String value = (i + 1 < args.length && !args[i + 1].startsWith("--")) ? args[++i] : "true";
				options.put(name, value);
			}
		}
		new BenchmarkRunner(options).run();
	}

	private int option(String name, int normal, int quick) {
		return Integer.parseInt(this.options.getOrDefault(name, String.valueOf(this.quick ? quick : normal)));
	}

	private void run() throws Exception {
		List<String> targets = List.of(this.options.getOrDefault("targets", "starter,starter-cluster,spring-raw,node").split(","));
		int rounds = option("rounds", 3, 1);
		for (int round = 1; round <= rounds; round++) {
			// Every other round in reverse (A B C, C B A, ...): the first target of a round measured worse than the
			// others, whichever it was, so no target may always be first
			List<String> order = new ArrayList<>(targets);
			if (round % 2 == 0) {
				java.util.Collections.reverse(order);
			}
			for (String target : order) {
				System.out.printf("%n== round %d of %d: %s ==%n", round, rounds, target);
				runTarget(target);
			}
		}
		String report = report(targets);
		System.out.println(report);
		Path output = Path.of("benchmarks", "target", "benchmark-results.md");
		Files.createDirectories(output.getParent());
		Files.writeString(output, report);
		System.out.println("Written to " + output);
	}

	private void runTarget(String target) throws Exception {
		if (target.equals("starter-cluster")) {
			runCluster();
			return;
		}
		int connections = option("connections", 5000, 500);
		int duration = option("duration", 10, 2);
		int small = option("subscribers", 1000, 100);
		int large = option("subscribers-large", 5000, 200);
		// Each measured phase delivers about two million messages (a tenth of it when quick)
		int deliveries = this.quick ? 200_000 : 2_000_000;
		// Fresh process for the memory figure: nothing else has grown its heap yet
		try (Target server = Target.start(target)) {
			try (Scenarios scenarios = new Scenarios(2, server.pid(), server.port())) {
				if (runs("conns")) {
					record("conns " + connections + " idle", target, scenarios.connections(connections));
				}
				if (runs("echo")) {
					record("echo 64 conns", target, scenarios.echo(64, Duration.ofSeconds(this.quick ? 1 : 3),
							Duration.ofSeconds(duration), 64));
				}
				if (runs("fanout")) {
					record("fanout " + small + " windowed", target,
							scenarios.fanout(small, deliveries / small, WINDOWED_WARMUP, 0, 50, 64, true));
					int rate = 50_000 / small;
					record("fanout " + small + " paced " + rate + "/s", target,
							scenarios.fanout(small, rate * duration, 20, rate, 0, 64, false));
					record("fanout " + large + " windowed", target,
							scenarios.fanout(large, deliveries / large, 20, 0, 20, 64, false));
				}
			}
			if (runs("deflate")) {
				// Browsers offer permessage-deflate: the same windowed fan-out with every subscriber offering it
				try (Scenarios deflated = new Scenarios(2, server.pid(), server.port(), true)) {
					record("fanout " + small + " windowed, deflate offered", target,
							deflated.fanout(small, deliveries / 4 / small, 100, 0, 50, 64, false));
				}
			}
		}
	}

	/**
	 * The windowed fan-out across a cluster: a Redis and two instances of the starter target on this machine, the
	 * subscribers split between them, the publisher on the first; CPU is both instances' together (Redis apart).
	 */
	private void runCluster() throws Exception {
		if (!runs("fanout")) {
			return;
		}
		int small = option("subscribers", 1000, 100);
		int deliveries = this.quick ? 200_000 : 2_000_000;
		try (RedisProcess redis = RedisProcess.start(Target.freePort());
				Target first = Target.start("starter-cluster", "--spring.data.redis.port=" + redis.port());
				Target second = Target.start("starter-cluster", "--spring.data.redis.port=" + redis.port())) {
			first.awaitCluster(2);
			second.awaitCluster(2);
			try (Scenarios scenarios = new Scenarios(2, List.of(first.pid(), second.pid()),
					List.of(first.port(), second.port()), false)) {
				record("fanout " + small + " windowed", "starter-cluster",
						scenarios.fanout(small, deliveries / small, WINDOWED_WARMUP, 0, 50, 64, true));
			}
		}
	}

	/** Whether the scenario is one of {@code --scenarios} (by default conns, echo, fanout and deflate: all of them). */
	private boolean runs(String scenario) {
		return List.of(this.options.getOrDefault("scenarios", "conns,echo,fanout,deflate").split(","))
			.contains(scenario);
	}

	private void record(String scenario, String target, Map<String, Double> metrics) {
		System.out.printf("%-28s %s%n", scenario, metrics);
		metrics.forEach((metric, value) -> this.results.computeIfAbsent(scenario, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(metric, (key) -> new TreeMap<>())
			.computeIfAbsent(target, (key) -> new ArrayList<>())
			.add(value));
	}

	private String report(List<String> targets) {
		StringBuilder out = new StringBuilder();
		out.append("Run ").append(LocalDateTime.now().withNano(0)).append(" on ")
			.append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(System.getProperty("java.vm.name"))
			.append(' ').append(System.getProperty("java.version")).append("\n\n");
		out.append("| scenario | metric |");
		targets.forEach((target) -> out.append(' ').append(target).append(" |"));
		targets.stream().filter((target) -> !target.equals("spring-raw"))
			.forEach((target) -> out.append(' ').append(target).append(" / spring-raw |"));
		boolean cluster = targets.contains("starter-cluster") && targets.contains("starter");
		if (cluster) {
			out.append(" starter-cluster / starter |");
		}
		out.append("\n|---|---|");
		targets.forEach((target) -> out.append("---|"));
		targets.stream().filter((target) -> !target.equals("spring-raw")).forEach((target) -> out.append("---|"));
		out.append(cluster ? "---|" : "").append('\n');
		this.results.forEach((scenario, metrics) -> metrics.forEach((metric, byTarget) -> {
			out.append("| ").append(scenario).append(" | ").append(metric).append(" |");
			for (String target : targets) {
				List<Double> values = byTarget.getOrDefault(target, List.of());
				out.append(' ').append(values.isEmpty() ? "-" : format(median(values)) + " (" + format(min(values))
						+ "–" + format(max(values)) + ")").append(" |");
			}
			List<Double> raw = byTarget.get("spring-raw");
			for (String target : targets) {
				if (target.equals("spring-raw")) {
					continue;
				}
				List<Double> values = byTarget.get(target);
				boolean comparable = raw != null && values != null && median(raw) != 0;
				out.append(' ').append(comparable ? String.format("%.2f", median(values) / median(raw)) : "-").append(" |");
			}
			if (cluster) {
				List<Double> single = byTarget.get("starter");
				List<Double> many = byTarget.get("starter-cluster");
				boolean comparable = single != null && many != null && median(single) != 0;
				out.append(' ').append(comparable ? String.format("%.2f", median(many) / median(single)) : "-").append(" |");
			}
			out.append('\n');
		}));
		return out.toString();
	}

	private static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
	}

	private static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
	}

	private static String format(double value) {
		return (Math.abs(value) >= 100 || value == Math.rint(value)) ? String.format("%,.0f", value)
				: String.format("%.2f", value);
	}

}
