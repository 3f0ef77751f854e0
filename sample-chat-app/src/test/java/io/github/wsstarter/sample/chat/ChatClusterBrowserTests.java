package io.github.wsstarter.sample.chat;

import java.time.Duration;
import java.util.UUID;

import io.github.wsstarter.WsCluster;
import io.github.wsstarter.cluster.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat as a cluster (the {@code cluster} profile): two instances on random ports behind one real Redis, and two
 * real browsers, one on each, that chat with each other and see each other online.
 */
class ChatClusterBrowserTests {

	private static RedisServer redis;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void start() throws Exception {
		Browser.assumeInstalled();
		redis = RedisServer.start();
		first = instance();
		second = instance();
		await().atMost(Duration.ofSeconds(10)).until(() -> first.getBean(WsCluster.class).instances().size() == 2
				&& second.getBean(WsCluster.class).instances().size() == 2);
	}

	private static ConfigurableApplicationContext instance() {
		// As arguments, which win over application.yml, as they would on the command line
		return new SpringApplicationBuilder(ChatApplication.class).profiles("cluster")
			.run("--server.port=0", "--spring.data.redis.port=" + redis.port());
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	static void stop() throws Exception {
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void twoPagesOnTwoInstancesChatAndSeeEachOtherOnline() throws Exception {
		String ann = "ann-" + UUID.randomUUID().toString().substring(0, 4);
		String bob = "bob-" + UUID.randomUUID().toString().substring(0, 4);
		try (Browser annPage = Browser.open(port(first)).enter(ann);
				Browser bobPage = Browser.open(port(second)).enter(bob)) {
			annPage.awaitText("online", bob);
			bobPage.awaitText("online", ann);
			annPage.awaitText("messages", bob + " joined #general");
			annPage.say("Hello " + bob + " from the first instance");
			bobPage.awaitText("messages", "Hello " + bob + " from the first instance");
			bobPage.say("Hello " + ann + " from the second");
			annPage.awaitText("messages", "Hello " + ann + " from the second");
			assertThat(annPage.text("online")).contains(ann + "#general").contains(bob + "#general");
			assertThat(bobPage.text("online-count")).isEqualTo("2");
		}
	}

}
