package io.github.wsstarter.client;

import io.github.wsstarter.WsClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of a
 * {@link WsClient.Builder} bean: a new builder for each injection point (prototype, as Spring Boot's
 * {@code RestClient.Builder}), with the application's {@link JsonMapper} and {@code ws.type-field}. Backs off to
 * the application's own.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ StandardWebSocketClient.class, JsonMapper.class, jakarta.websocket.ContainerProvider.class })
@ConditionalOnBooleanProperty(name = "ws.enabled", matchIfMissing = true)
public final class WsClientAutoConfiguration {

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean
	WsClient.Builder wsClientBuilder(ObjectProvider<JsonMapper> jsonMapper, Environment environment) {
		return new DefaultWsClientBuilder(jsonMapper.getIfAvailable(JsonMapper::new))
			.typeField(environment.getProperty("ws.type-field", "type"));
	}

}
