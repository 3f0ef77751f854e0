package io.github.wsstarter.autoconfigure;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.broadcast.DefaultWsBroadcaster;
import io.github.wsstarter.broadcast.LocalWsBroadcastTransport;
import io.github.wsstarter.broadcast.WsBroadcastTransport;
import io.github.wsstarter.handler.WsHandlerMethodDetector;
import io.github.wsstarter.session.WsMessageEncoder;
import io.github.wsstarter.session.WsSessionMonitor;
import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsSessionSettings;
import jakarta.websocket.server.ServerContainer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for annotation-driven WebSocket endpoints: finds the
 * {@code @WsOn*} methods of the application's beans, registers one endpoint per path on the servlet container, and
 * provides the {@link WsBroadcaster}.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "ws.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsProperties.class)
public final class WsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static WsHandlerMethodDetector wsHandlerMethodDetector(Environment environment) {
		// A post-processor is created before properties beans, so the one property it needs is bound here
		String path = Binder.get(environment).bind("ws.path", String.class).orElse("/ws");
		if (!path.startsWith("/")) {
			throw new InvalidConfigurationPropertyValueException("ws.path", path, "must start with '/'");
		}
		return new WsHandlerMethodDetector(path);
	}

	@Bean
	@ConditionalOnClass(name = "org.apache.tomcat.websocket.server.WsSci")
	@ConditionalOnMissingBean
	static WsContainerBufferSizeInitializer wsContainerBufferSizeInitializer(Environment environment) {
		DataSize size = Binder.get(environment).bind("ws.container-buffer-size", DataSize.class)
			.orElse(DataSize.ofKilobytes(1));
		return new WsContainerBufferSizeInitializer(size);
	}

	@Bean
	@ConditionalOnMissingBean
	WsMessageEncoder wsMessageEncoder(ObjectProvider<JsonMapper> jsonMapper) {
		return new WsMessageEncoder(jsonMapper.getIfAvailable(JsonMapper::new));
	}

	@Bean
	@ConditionalOnMissingBean
	WsSessionRegistry wsSessionRegistry(WsMessageEncoder encoder, WsProperties properties) {
		return new WsSessionRegistry(encoder, sessionSettings(properties));
	}

	static WsSessionSettings sessionSettings(WsProperties properties) {
		WsProperties.Heartbeat heartbeat = properties.getHeartbeat();
		Integer rate = properties.getMaxMessagesPerSecond();
		return new WsSessionSettings(properties.getSendTimeLimit(), properties.getSendBufferSizeLimit().toBytes(),
				properties.getOverflowStrategy() == WsProperties.OverflowStrategy.DROP, (rate != null) ? rate : 0,
				heartbeat.isEnabled() ? heartbeat.getInterval() : null, heartbeat.getTimeout(),
				properties.getIdleTimeout(), toInt(properties.getMaxTextMessageSize().toBytes()),
				toInt(properties.getMaxBinaryMessageSize().toBytes()), properties.isDirectWrites());
	}

	private static int toInt(long value) {
		return (int) Math.min(Integer.MAX_VALUE, value);
	}

	@Bean
	@ConditionalOnMissingBean
	WsSessionMonitor wsSessionMonitor(WsSessionRegistry registry) {
		return new WsSessionMonitor(registry);
	}

	@Bean
	@ConditionalOnMissingBean(WsBroadcastTransport.class)
	LocalWsBroadcastTransport wsBroadcastTransport(WsSessionRegistry registry) {
		return new LocalWsBroadcastTransport(registry);
	}

	@Bean
	@ConditionalOnMissingBean(WsBroadcaster.class)
	DefaultWsBroadcaster wsBroadcaster(WsSessionRegistry registry, WsMessageEncoder encoder,
			WsBroadcastTransport transport) {
		return new DefaultWsBroadcaster(registry, encoder, transport);
	}

	@Bean
	@ConditionalOnMissingBean
	WsEndpointConfigurer wsEndpointConfigurer(WsHandlerMethodDetector detector, WsSessionRegistry sessions,
			WsBroadcaster broadcaster, WsMessageEncoder encoder, WsProperties properties,
			ObjectProvider<HandshakeInterceptor> interceptors,
			ObjectProvider<WsEndpointRegistrationCustomizer> customizers) {
		String typeField = properties.getTypeField();
		if (typeField == null || typeField.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("ws.type-field", typeField, "must not be empty");
		}
		return new WsEndpointConfigurer(detector, sessions, broadcaster, encoder, properties,
				interceptors.orderedStream().toList(), customizers.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class EnableWebSocketConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.tomcat.TomcatConnectorCustomizer")
	static class TomcatConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsTomcatSocketBufferCustomizer wsTomcatSocketBufferCustomizer(WsProperties properties) {
			return new WsTomcatSocketBufferCustomizer(properties.getSocketBufferSize());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ServerContainer.class)
	static class ServerContainerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsServerContainerConfigurer wsServerContainerConfigurer(WsProperties properties) {
			return new WsServerContainerConfigurer(properties);
		}

	}

}
