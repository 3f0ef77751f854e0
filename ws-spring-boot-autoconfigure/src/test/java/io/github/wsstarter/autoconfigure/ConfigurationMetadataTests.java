package io.github.wsstarter.autoconfigure;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated {@code spring-configuration-metadata.json} documents every {@code ws.*} property, so that IDEs show
 * a description and the default.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasADescriptionAndTheContractKeysArePresent() throws Exception {
		JsonNode metadata;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			metadata = new JsonMapper().readTree(in);
		}
		Map<String, JsonNode> properties = new HashMap<>();
		for (JsonNode property : metadata.get("properties")) {
			properties.put(property.get("name").asString(), property);
		}
		assertThat(properties).containsKeys("ws.enabled", "ws.path", "ws.type-field", "ws.allowed-origins",
				"ws.max-text-message-size", "ws.max-binary-message-size", "ws.idle-timeout", "ws.send-time-limit",
				"ws.send-buffer-size-limit");
		assertThat(properties).containsKeys("ws.cluster.enabled", "ws.cluster.channel", "ws.cluster.instance-id",
				"ws.cluster.instance-timeout", "ws.cluster.probe-interval", "ws.cluster.publish-buffer");
		assertThat(properties.get("ws.cluster.enabled").get("defaultValue").asBoolean()).isFalse();
		assertThat(properties.get("ws.cluster.instance-timeout").get("defaultValue").asString()).isEqualTo("15s");
		properties.forEach((name, property) -> {
			assertThat(name).matches("ws\\..*|management\\.endpoint\\.ws\\..*");
			assertThat(property.path("description").asString("")).as("description of %s", name).isNotBlank();
		});
		assertThat(properties).containsKeys("ws.metrics.enabled", "ws.cluster.receive-buffer",
				"management.endpoint.ws.access");
		assertThat(properties.get("ws.enabled").get("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("ws.path").get("defaultValue").asString()).isEqualTo("/ws");
	}

}
