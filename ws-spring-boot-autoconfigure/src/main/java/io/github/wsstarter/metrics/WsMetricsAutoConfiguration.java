package io.github.wsstarter.metrics;

import io.github.wsstarter.WsCluster;
import io.github.wsstarter.autoconfigure.WsAutoConfiguration;
import io.github.wsstarter.session.WsObserver;
import io.github.wsstarter.session.WsSessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the starter's
 * Micrometer meters ({@code ws.*}), when Micrometer is on the class path and the application has a
 * {@link MeterRegistry}; off with {@code ws.metrics.enabled=false}. Backs off when the application defines its own
 * {@link MicrometerWsObserver}; an application's other {@link WsObserver} beans are told everything too. With
 * {@code ws.cluster.enabled}, the cluster's meters too.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
@AutoConfiguration(after = WsAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, WsSessionRegistry.class })
@ConditionalOnBooleanProperty(name = "ws.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsMetricsProperties.class)
public final class WsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerWsObserver wsMicrometerObserver(MeterRegistry registry) {
		return new MicrometerWsObserver(registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("ws.cluster.enabled")
	@ConditionalOnBean(WsCluster.class)
	static class ClusterMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsClusterMeterBinder wsClusterMeterBinder(WsSessionRegistry registry, WsCluster cluster) {
			return new WsClusterMeterBinder(registry.getStatistics(), cluster);
		}

	}

}
