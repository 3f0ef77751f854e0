package io.github.wsstarter.bench;

import java.time.Duration;
import java.util.Map;

import io.github.wsstarter.bench.load.Scenarios;
import io.github.wsstarter.bench.starter.StarterTarget;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's load generator against the starter target, with small numbers: a test of the harness (that it
 * measures, counts deliveries, and detects loss and reordering), not a benchmark.
 */
@SpringBootTest(classes = StarterTarget.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.path=/echo", "ws.allowed-origins=*" })
class ScenariosTests {

	@LocalServerPort
	int port;

	private Scenarios scenarios() {
		return new Scenarios(2, ProcessHandle.current().pid(), this.port);
	}

	@Test
	void echoCountsRoundTrips() throws Exception {
		try (Scenarios scenarios = scenarios()) {
			Map<String, Double> result = scenarios.echo(4, Duration.ZERO, Duration.ofSeconds(1), 64);
			assertThat(result.get("messages/s")).isPositive();
			assertThat(result.get("p99 us")).isGreaterThanOrEqualTo(result.get("p50 us"));
		}
	}

	@Test
	void fanoutDeliversEveryMessageToEverySubscriberInOrder() throws Exception {
		try (Scenarios scenarios = scenarios()) {
			Map<String, Double> windowed = scenarios.fanout(20, 200, 10, 0, 10, 64, true);
			assertThat(windowed).containsEntry("complete", 1.0).containsEntry("lost", 0.0).containsEntry("reordered", 0.0);
			assertThat(windowed.get("deliveries/s")).isPositive();
			Map<String, Double> paced = scenarios.fanout(20, 50, 5, 200, 0, 64, false);
			assertThat(paced).containsEntry("complete", 1.0).containsEntry("lost", 0.0);
			// Paced at about 4,000 a second: never more than 6,000; less only when the machine stalls
			assertThat(paced.get("deliveries/s")).isBetween(200.0, 6000.0);
		}
	}

	@Test
	void connectionsMeasuresMemoryPerConnection() throws Exception {
		try (Scenarios scenarios = scenarios()) {
			Map<String, Double> result = scenarios.connections(50);
			assertThat(result).containsKeys("RSS KiB/conn", "heap KiB/conn", "connects/s");
			assertThat(result.get("connects/s")).isPositive();
		}
	}

}
