package io.github.wsstarter.observation;

import io.github.wsstarter.autoconfigure.WsAutoConfiguration;
import io.github.wsstarter.session.WsObserver;
import io.github.wsstarter.session.WsSessionRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When handshakes and handler calls are observed, and what that backs off to.
 */
class WsObservationAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsAutoConfiguration.class,
				WsObservationAutoConfiguration.class));

	@Test
	void withAnObservationRegistryHandshakesAndHandlerCallsAreObserved() {
		this.contextRunner.withBean(ObservationRegistry.class, ObservationRegistry::create).run((context) -> {
			assertThat(context).hasSingleBean(ObservationWsObserver.class)
				.hasSingleBean(WsHandshakeObservationInterceptor.class);
			assertThat(context.getBean(WsSessionRegistry.class).observers().getObserver())
				.isSameAs(context.getBean(ObservationWsObserver.class));
		});
	}

	@Test
	void withoutAnObservationRegistryNothingIsObserved() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ObservationWsObserver.class)
			.doesNotHaveBean(WsHandshakeObservationInterceptor.class));
	}

	@Test
	void withoutMicrometerObservationOnTheClassPathNothingIsObserved() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WsObserver.class));
	}

	@Test
	void theApplicationsOwnBeansWin() {
		ObservationWsObserver mine = new ObservationWsObserver(ObservationRegistry.NOOP);
		this.contextRunner.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withBean("myObserver", ObservationWsObserver.class, () -> mine)
			.run((context) -> assertThat(context.getBean(ObservationWsObserver.class)).isSameAs(mine));
	}

}
