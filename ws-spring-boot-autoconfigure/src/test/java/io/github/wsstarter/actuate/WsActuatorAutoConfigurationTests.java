package io.github.wsstarter.actuate;

import io.github.wsstarter.autoconfigure.WsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the health indicator and the actuator endpoint are there, and what they back off to.
 */
class WsActuatorAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, EndpointAutoConfiguration.class,
				WsAutoConfiguration.class, WsActuatorAutoConfiguration.class));

	@Test
	void theHealthIndicatorIsThereAndUp() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WsHealthIndicator.class);
			assertThat(context.getBean(WsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void theHealthIndicatorCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.ws.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WsHealthIndicator.class));
	}

	@Test
	void theApplicationsOwnHealthIndicatorWins() {
		HealthIndicator mine = () -> org.springframework.boot.health.contributor.Health.down().build();
		this.contextRunner.withBean("wsHealthIndicator", HealthIndicator.class, () -> mine)
			.run((context) -> assertThat(context.getBean("wsHealthIndicator")).isSameAs(mine));
	}

	@Test
	void withoutSpringBootsHealthModuleThereIsNoIndicator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WsHealthIndicator.class));
	}

	@Test
	void theEndpointIsThereOnlyWhenExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(WsActuatorEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=ws")
			.run((context) -> assertThat(context).hasSingleBean(WsActuatorEndpoint.class));
	}

	@Test
	void theEndpointCanBeTurnedOff() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=ws", "management.endpoint.ws.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(WsActuatorEndpoint.class));
	}

}
