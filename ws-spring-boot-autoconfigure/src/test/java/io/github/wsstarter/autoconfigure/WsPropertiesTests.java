package io.github.wsstarter.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsProperties}.
 */
class WsPropertiesTests {

	@Test
	void defaultsAreTheDocumentedOnes() {
		WsProperties properties = new WsProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getPath()).isEqualTo("/ws");
		assertThat(properties.getTypeField()).isEqualTo("type");
		assertThat(properties.getAllowedOrigins()).isEmpty();
		assertThat(properties.getMaxTextMessageSize()).isEqualTo(DataSize.ofKilobytes(64));
		assertThat(properties.getMaxBinaryMessageSize()).isEqualTo(DataSize.ofKilobytes(64));
		assertThat(properties.getIdleTimeout()).isNull();
	}

	@Test
	void sendLimitsAreConsistentWithSpringWebSocket() {
		WsProperties properties = new WsProperties();
		SubProtocolWebSocketHandler spring = new SubProtocolWebSocketHandler(new ExecutorSubscribableChannel(),
				new ExecutorSubscribableChannel());
		assertThat(properties.getSendTimeLimit().toMillis()).isEqualTo(spring.getSendTimeLimit());
		assertThat(properties.getSendBufferSizeLimit().toBytes()).isEqualTo(spring.getSendBufferSizeLimit());
	}

	@Test
	void bindsFromApplicationProperties() {
		WsProperties properties = bind(Map.of("ws.enabled", "false", "ws.path", "/chat", "ws.allowed-origins",
				"https://a.example,https://b.example", "ws.max-text-message-size", "1MB", "ws.idle-timeout", "30",
				"ws.send-time-limit", "2s"));
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getPath()).isEqualTo("/chat");
		assertThat(properties.getAllowedOrigins()).containsExactly("https://a.example", "https://b.example");
		assertThat(properties.getMaxTextMessageSize()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(properties.getIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getSendTimeLimit()).isEqualTo(Duration.ofSeconds(2));
	}

	private static WsProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bind("ws", WsProperties.class)
			.orElseGet(WsProperties::new);
	}

}
