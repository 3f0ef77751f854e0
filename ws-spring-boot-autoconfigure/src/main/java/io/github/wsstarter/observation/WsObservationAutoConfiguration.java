package io.github.wsstarter.observation;

import io.github.wsstarter.autoconfigure.WsAutoConfiguration;
import io.github.wsstarter.session.WsSessionRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code ws.handshake} and {@code ws.handler} observations, when the application has an {@link ObservationRegistry}
 * (with Micrometer Tracing, they are spans). Each bean backs off to the application's own; turn them off the Spring
 * Boot way, with {@code management.observations.enable.ws=false}.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
@AutoConfiguration(after = WsAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, WsSessionRegistry.class })
public final class WsObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservationWsObserver wsObservationObserver(ObservationRegistry registry) {
		return new ObservationWsObserver(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	WsHandshakeObservationInterceptor wsHandshakeObservationInterceptor(ObservationRegistry registry) {
		return new WsHandshakeObservationInterceptor(registry);
	}

}
