package io.github.wsstarter.client;

import io.github.wsstarter.WsClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured {@link WsClient.Builder}: a new one per injection point, and the application's own wins.
 */
class WsClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsClientAutoConfiguration.class));

	@Test
	void eachInjectionPointGetsABuilderOfItsOwn() {
		this.contextRunner.run((context) -> {
			WsClient.Builder first = context.getBean(WsClient.Builder.class);
			assertThat(first).isInstanceOf(DefaultWsClientBuilder.class)
				.isNotSameAs(context.getBean(WsClient.Builder.class));
		});
	}

	@Test
	void theBuilderRoutesOnTheApplicationsTypeField() {
		this.contextRunner.withPropertyValues("ws.type-field=kind")
			.run((context) -> assertThat(context.getBean(WsClient.Builder.class)).hasFieldOrPropertyWithValue("typeField",
					"kind"));
		this.contextRunner.run((context) -> assertThat(context.getBean(WsClient.Builder.class))
			.hasFieldOrPropertyWithValue("typeField", "type"));
	}

	@Test
	void theApplicationsOwnBuilderWins() {
		DefaultWsClientBuilder mine = new DefaultWsClientBuilder();
		this.contextRunner.withBean(WsClient.Builder.class, () -> mine)
			.run((context) -> assertThat(context.getBean(WsClient.Builder.class)).isSameAs(mine));
	}

	@Test
	void theBuilderBacksOffWithTheStarter() {
		this.contextRunner.withPropertyValues("ws.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WsClient.Builder.class));
	}

}
