package io.github.wsstarter.cluster;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCluster;
import io.github.wsstarter.autoconfigure.WsAutoConfiguration;
import io.github.wsstarter.broadcast.LocalWsBroadcastTransport;
import io.github.wsstarter.broadcast.LocalWsCluster;
import io.github.wsstarter.broadcast.WsBroadcastTransport;
import java.util.Set;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ws.cluster.enabled} switches on, what it backs off to, and how it fails when something is missing.
 */
class WsClusterAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
				WsClusterAutoConfiguration.class, WsAutoConfiguration.class));

	@Test
	void withoutTheClusterPropertyTheInstanceIsAClusterOfOneAndNeedsNoRedis() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LocalWsCluster.class).doesNotHaveBean(RedisWsCluster.class);
			assertThat(context).hasSingleBean(LocalWsBroadcastTransport.class);
			WsCluster cluster = context.getBean(WsCluster.class);
			assertThat(cluster.instances()).containsExactly(cluster.instanceId());
			assertThat(cluster.isDelivering()).isTrue();
			assertThat(context.getBean(WsBroadcaster.class).send("nobody", "x")).isFalse();
		});
	}

	@Test
	void theInstanceIdPropertyNamesASingleInstanceToo() {
		this.contextRunner.withPropertyValues("ws.cluster.instance-id=node-1")
			.run((context) -> assertThat(context.getBean(WsCluster.class).instanceId()).isEqualTo("node-1"));
	}

	@Test
	void withTheClusterPropertyTheRedisClusterAndTransportReplaceTheLocalOnes() {
		this.contextRunner.withPropertyValues("ws.cluster.enabled=true", "spring.application.name=chat",
				"ws.cluster.instance-id=node-1", "spring.data.redis.port=1").run((context) -> {
					assertThat(context).hasSingleBean(RedisWsCluster.class).doesNotHaveBean(LocalWsCluster.class);
					assertThat(context.getBean(WsBroadcastTransport.class)).isInstanceOf(RedisWsBroadcastTransport.class);
					RedisWsCluster cluster = context.getBean(RedisWsCluster.class);
					assertThat(cluster.channel()).isEqualTo("ws:chat");
					assertThat(cluster.instanceId()).isEqualTo("node-1");
					// Nothing listens on port 1: the context starts anyway and this instance counts alone
					assertThat(cluster.isDelivering()).isFalse();
					assertThat(cluster.instances()).containsExactly("node-1");
				});
	}

	@Test
	void theChannelDefaultsToWsDefaultWithoutAnApplicationName() {
		this.contextRunner.withPropertyValues("ws.cluster.enabled=true", "spring.data.redis.port=1")
			.run((context) -> assertThat(context.getBean(RedisWsCluster.class).channel()).isEqualTo("ws:default"));
	}

	@Test
	void theApplicationsOwnClusterAndTransportWin() {
		this.contextRunner.withPropertyValues("ws.cluster.enabled=true")
			.withBean(WsBroadcastTransport.class, () -> (broadcast) -> {
			})
			.withBean("myCluster", WsCluster.class, MyCluster::new)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisWsCluster.class).doesNotHaveBean(RedisWsBroadcastTransport.class);
				assertThat(context.getBean(WsCluster.class).instanceId()).isEqualTo("mine");
			});
	}

	@Test
	void withoutSpringDataRedisTheStartFailsSayingWhatToAdd() {
		this.contextRunner.withPropertyValues("ws.cluster.enabled=true")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Spring Data Redis is not on the class path");
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis");
			});
	}

	@Test
	void withoutAConnectionFactoryTheStartFailsSayingWhatToAdd() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsClusterAutoConfiguration.class,
					WsAutoConfiguration.class))
			.withPropertyValues("ws.cluster.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("no (single) RedisConnectionFactory bean");
				assertThat(analysis.getAction()).contains("spring.data.redis");
			});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof WsClusterUnavailableException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("cause of " + failure).isInstanceOf(WsClusterUnavailableException.class);
		return new WsClusterFailureAnalyzer().analyze(failure);
	}

	static class MyCluster implements WsCluster {

		@Override
		public String instanceId() {
			return "mine";
		}

		@Override
		public Set<String> instances() {
			return Set.of("mine");
		}

		@Override
		public long sessionCount() {
			return 0;
		}

		@Override
		public long roomSize(String room) {
			return 0;
		}

		@Override
		public Set<String> roomNames() {
			return Set.of();
		}

		@Override
		public boolean isConnected(String sessionId) {
			return false;
		}

		@Override
		public boolean isDelivering() {
			return true;
		}

	}

}
