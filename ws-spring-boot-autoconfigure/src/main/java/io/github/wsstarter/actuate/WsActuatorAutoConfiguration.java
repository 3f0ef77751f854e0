package io.github.wsstarter.actuate;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCluster;
import io.github.wsstarter.autoconfigure.WsAutoConfiguration;
import io.github.wsstarter.session.WsSessionRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the {@code ws} health
 * indicator (with Spring Boot's health module; off with {@code management.health.ws.enabled=false}) and the
 * {@code ws} actuator endpoint (with the actuator; available as Spring Boot's {@code management.endpoint.ws.*} and
 * {@code management.endpoints.web.exposure.*} say). Each backs off to the application's bean of its name.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
@AutoConfiguration(after = WsAutoConfiguration.class)
@ConditionalOnBean(WsSessionRegistry.class)
public final class WsActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("ws")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = { "wsHealthIndicator", "wsHealthContributor" })
		WsHealthIndicator wsHealthIndicator(WsSessionRegistry registry, WsBroadcaster broadcaster,
				ObjectProvider<WsCluster> cluster, Environment environment) {
			boolean clustered = environment.getProperty("ws.cluster.enabled", Boolean.class, false);
			return new WsHealthIndicator(registry, broadcaster, registry::endpointPaths,
					clustered ? cluster.getIfUnique() : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
	@ConditionalOnAvailableEndpoint(WsActuatorEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsActuatorEndpoint wsActuatorEndpoint(WsSessionRegistry registry, WsCluster cluster) {
			return new WsActuatorEndpoint(registry, cluster, registry::endpointPaths);
		}

	}

}
