package io.github.wsstarter.cluster;

import io.github.wsstarter.WsCluster;
import io.github.wsstarter.autoconfigure.WsAutoConfiguration;
import io.github.wsstarter.broadcast.LocalWsCluster;
import io.github.wsstarter.broadcast.WsBroadcastTransport;
import io.github.wsstarter.session.WsSessionRegistry;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.WebSocketHandler;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of a WebSocket cluster
 * through the application's Redis, with {@code ws.cluster.enabled=true}: a {@link RedisWsCluster} and a
 * {@link RedisWsBroadcastTransport}, unless the application defines its own {@link WsCluster} or
 * {@link WsBroadcastTransport}. Without Spring Data Redis, or without a connection factory, start-up fails and says
 * what to add.
 *
 * @author ws-spring-boot-starter team
 * @since 0.2.0
 */
@AutoConfiguration(before = WsAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "ws.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("ws.cluster.enabled")
@EnableConfigurationProperties(WsClusterProperties.class)
public final class WsClusterAutoConfiguration {

	static final String ADD_REDIS = "Add org.springframework.boot:spring-boot-starter-data-redis (Spring Data Redis "
			+ "with Lettuce) and point spring.data.redis.* at your Redis, or set ws.cluster.enabled=false.";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.data.redis.connection.RedisConnectionFactory",
			"io.lettuce.core.RedisClient" })
	static class RedisClusterConfiguration {

		@Bean
		@ConditionalOnMissingBean(WsCluster.class)
		RedisWsCluster wsCluster(WsSessionRegistry registry, ObjectProvider<JsonMapper> jsonMapper,
				ObjectProvider<RedisConnectionFactory> connectionFactory, WsClusterProperties properties,
				Environment environment) {
			RedisConnectionFactory factory = connectionFactory.getIfUnique();
			if (factory == null) {
				throw new WsClusterUnavailableException(
						"ws.cluster.enabled=true, but the application has no (single) RedisConnectionFactory bean.",
						ADD_REDIS);
			}
			if (!(factory instanceof LettuceConnectionFactory lettuce)) {
				throw new WsClusterUnavailableException("ws.cluster.enabled=true needs Lettuce, but the application's "
						+ "RedisConnectionFactory is a " + factory.getClass().getName() + ".",
						"Use Spring Boot's default Redis client, Lettuce (spring.data.redis.client-type=lettuce), "
								+ "or set ws.cluster.enabled=false.");
			}
			requireStandalone(lettuce.getRequiredNativeClient());
			String instanceId = StringUtils.hasText(properties.getInstanceId()) ? properties.getInstanceId()
					: LocalWsCluster.randomId();
			// Asked for at each connect: the factory makes a new client when it is restarted
			return new RedisWsCluster(registry, jsonMapper.getIfAvailable(JsonMapper::new),
					() -> requireStandalone(lettuce.getRequiredNativeClient()), properties,
					channel(properties, environment), instanceId);
		}

		private static RedisClient requireStandalone(AbstractRedisClient client) {
			if (!(client instanceof RedisClient redisClient)) {
				throw new WsClusterUnavailableException("ws.cluster.enabled=true supports a standalone or Sentinel "
						+ "Redis, but the application's connection factory uses " + client.getClass().getName() + ".",
						"Point spring.data.redis.* at a standalone Redis, or set ws.cluster.enabled=false.");
			}
			return redisClient;
		}

		@Bean
		@ConditionalOnMissingBean(WsBroadcastTransport.class)
		RedisWsBroadcastTransport wsBroadcastTransport(WsSessionRegistry registry, RedisWsCluster cluster) {
			return new RedisWsBroadcastTransport(registry, cluster);
		}

		private static String channel(WsClusterProperties properties, Environment environment) {
			if (StringUtils.hasText(properties.getChannel())) {
				return properties.getChannel();
			}
			String application = environment.getProperty("spring.application.name");
			return "ws:" + (StringUtils.hasText(application) ? application : "default");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.connection.RedisConnectionFactory")
	static class NoRedisConfiguration {

		@Bean
		Object wsClusterRedisCheck() {
			throw new WsClusterUnavailableException(
					"ws.cluster.enabled=true, but Spring Data Redis is not on the class path.", ADD_REDIS);
		}

	}

}
