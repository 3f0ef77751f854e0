package io.github.wsstarter.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCluster;
import io.github.wsstarter.session.WsSessionRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis killed in the middle of a run of broadcasts and started again: the sessions of the publishing instance miss
 * nothing, the other instance's sessions get an ordered subsequence, delivery across instances resumes within 5 s of
 * Redis returning, the outage is counted and logged once, and nothing is logged at ERROR.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterOutageIntegrationTests {

	private static RedisServer redis;

	private static ConfigurableApplicationContext publisher;

	private static ConfigurableApplicationContext subscriber;

	@BeforeAll
	static void start() throws Exception {
		redis = RedisServer.start();
		publisher = ClusterTestApplication.start(redis.port(), "spring.application.name=outage");
		subscriber = ClusterTestApplication.start(redis.port(), "spring.application.name=outage");
		await().atMost(Duration.ofSeconds(10)).until(() -> cluster(publisher).instances().size() == 2
				&& cluster(subscriber).instances().size() == 2);
	}

	@AfterAll
	static void stop() throws Exception {
		publisher.close();
		subscriber.close();
		redis.close();
	}

	private static WsCluster cluster(ConfigurableApplicationContext context) {
		return context.getBean(WsCluster.class);
	}

	@Test
	void localDeliveryGoesOnAndCrossInstanceDeliveryResumesAfterRedisReturns(CapturedOutput output) throws Exception {
		List<ClusterClient> local = new ArrayList<>();
		List<ClusterClient> remote = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			local.add(ClusterClient.connect(ClusterTestApplication.port(publisher)));
			remote.add(ClusterClient.connect(ClusterTestApplication.port(subscriber)));
		}
		WsBroadcaster broadcaster = publisher.getBean(WsBroadcaster.class);
		AtomicInteger sent = new AtomicInteger();
		AtomicBoolean stop = new AtomicBoolean();
		Thread sender = new Thread(() -> {
			// Bounded: at most 4,000 messages, one every 5 ms
			while (!stop.get() && sent.get() < 4000) {
				broadcaster.sendAll("m" + sent.getAndIncrement());
				java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
			}
		}, "test-sender");
		sender.start();
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() > 100);
			redis.kill();
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(cluster(publisher).isDelivering()).isFalse();
				assertThat(cluster(publisher).instances()).containsExactly(cluster(publisher).instanceId());
			});
			// The health indicator says so over HTTP: DOWN (503), with the instances it still sees
			HttpResponse<String> down = health(publisher);
			assertThat(down.statusCode()).isEqualTo(503);
			assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("\"delivering\":false");
			int sentDuringOutage = sent.get();
			await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() > sentDuringOutage + 100);
			redis.restart();
			long restartedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(5)).until(() -> cluster(publisher).isDelivering()
					&& cluster(subscriber).isDelivering() && cluster(publisher).instances().size() == 2);
			assertThat(Duration.ofNanos(System.nanoTime() - restartedAt)).isLessThan(Duration.ofSeconds(5));
			HttpResponse<String> up = health(publisher);
			assertThat(up.statusCode()).isEqualTo(200);
			assertThat(up.body()).contains("\"status\":\"UP\"")
				.contains("\"" + cluster(subscriber).instanceId() + "\"");
			int resumedBy = sent.get() + 1;
			await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() > resumedBy + 50);
		}
		finally {
			stop.set(true);
			sender.join(10_000);
		}
		broadcaster.sendAll("end");
		int total = sent.get();
		for (ClusterClient client : local) {
			List<String> received = client.next(total + 1);
			assertThat(received.get(total)).isEqualTo("end");
			for (int i = 0; i < total; i++) {
				assertThat(received.get(i)).isEqualTo("m" + i);
			}
		}
		for (ClusterClient client : remote) {
			List<Integer> numbers = new ArrayList<>();
			for (String message = client.next(); !message.equals("end"); message = client.next()) {
				numbers.add(Integer.parseInt(message.substring(1)));
			}
			assertThat(numbers).as("in order, none twice").isSorted().doesNotHaveDuplicates();
			assertThat(numbers).as("some lost in the outage").hasSizeLessThan(total);
			assertThat(numbers.get(numbers.size() - 1)).isEqualTo(total - 1);
		}
		WsSessionRegistry registry = publisher.getBean(WsSessionRegistry.class);
		assertThat(registry.getStatistics().getClusterDropped()).isPositive();
		assertThat(count(output, "cannot reach the other instances")).as("one WARN per instance").isEqualTo(2);
		assertThat(count(output, "reaches the other instances again")).isEqualTo(2);
		assertThat(output).doesNotContain(" ERROR ");
		local.forEach(ClusterClient::close);
		remote.forEach(ClusterClient::close);
	}

	private static HttpResponse<String> health(ConfigurableApplicationContext context) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + ClusterTestApplication.port(context) + "/actuator/health/ws");
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private static int count(CapturedOutput output, String text) {
		Matcher matcher = Pattern.compile(Pattern.quote(text)).matcher(output.getOut());
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
