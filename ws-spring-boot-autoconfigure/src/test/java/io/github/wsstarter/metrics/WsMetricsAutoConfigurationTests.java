package io.github.wsstarter.metrics;

import io.github.wsstarter.autoconfigure.WsAutoConfiguration;
import io.github.wsstarter.cluster.WsClusterAutoConfiguration;
import io.github.wsstarter.session.WsObserver;
import io.github.wsstarter.session.WsSessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the meters are recorded, what they back off to, and how they are turned off.
 */
class WsMetricsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsAutoConfiguration.class,
				WsMetricsAutoConfiguration.class));

	@Test
	void withAMeterRegistryTheSessionsAreObservedAndTheMetersMadePerEndpoint() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerWsObserver.class).doesNotHaveBean(WsClusterMeterBinder.class);
			WsSessionRegistry registry = context.getBean(WsSessionRegistry.class);
			assertThat(registry.observers().getObserver()).isSameAs(context.getBean(MicrometerWsObserver.class));
			// Once per endpoint: the same observer, and its gauge, for the second asking
			assertThat(registry.observers().endpoint("/ws")).isSameAs(registry.observers().endpoint("/ws"));
			assertThat(context.getBean(MeterRegistry.class).get("ws.sessions.active").tag("endpoint", "/ws").gauge()
				.value()).isZero();
		});
	}

	@Test
	void withoutAMeterRegistryNothingIsObserved() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(WsObserver.class);
			assertThat(context.getBean(WsSessionRegistry.class).observers().getObserver()).isSameAs(WsObserver.NONE);
		});
	}

	@Test
	void withoutMicrometerOnTheClassPathNothingIsObserved() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WsObserver.class));
	}

	@Test
	void theMetersCanBeTurnedOff() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("ws.metrics.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(WsObserver.class);
				assertThat(context.getBean(WsSessionRegistry.class).observers().getObserver()).isSameAs(WsObserver.NONE);
			});
	}

	@Test
	void theApplicationsOwnMicrometerObserverWins() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("myObserver", MicrometerWsObserver.class, () -> new MicrometerWsObserver(new SimpleMeterRegistry()))
			.run((context) -> {
				assertThat(context).hasSingleBean(MicrometerWsObserver.class).hasBean("myObserver");
				assertThat(context.getBean(WsSessionRegistry.class).observers().getObserver())
					.isSameAs(context.getBean("myObserver"));
			});
	}

	@Test
	void anotherObserverOfTheApplicationIsToldToo() {
		java.util.List<String> broadcasts = new java.util.concurrent.CopyOnWriteArrayList<>();
		WsObserver mine = new WsObserver() {

			@Override
			public void broadcast(String scope) {
				broadcasts.add(scope);
			}

		};
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("myObserver", WsObserver.class, () -> mine)
			.run((context) -> {
				assertThat(context).hasSingleBean(MicrometerWsObserver.class);
				context.getBean(io.github.wsstarter.WsBroadcaster.class).sendAll("hello");
				assertThat(broadcasts).containsExactly("all");
				assertThat(context.getBean(MeterRegistry.class).get("ws.broadcasts").tag("scope", "all").counter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void withTheClusterItsMetersAreBoundToo() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, WsClusterAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("ws.cluster.enabled=true", "spring.data.redis.port=1")
			.run((context) -> {
				assertThat(context).hasSingleBean(WsClusterMeterBinder.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				context.getBean(WsClusterMeterBinder.class).bindTo(meters);
				// Nothing listens on port 1: this instance alone
				assertThat(meters.get("ws.cluster.instances").gauge().value()).isEqualTo(1);
				assertThat(meters.get("ws.cluster.dropped").functionCounter().count()).isZero();
			});
	}

}
