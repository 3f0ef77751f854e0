package io.github.wsstarter.test;

import java.net.URI;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a {@link WsTestConnection} makes of messages: the frame for what a test sends (a {@code String} as text, a
 * {@code byte[]} or {@code ByteBuffer} as binary, anything else as JSON text), and JSON text read back as Java, with
 * its type field. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
final class TestMessageCodec {

	private final JsonMapper jsonMapper;

	private final String typeField;

	TestMessageCodec(JsonMapper jsonMapper, String typeField) {
		this.jsonMapper = jsonMapper;
		this.typeField = typeField;
	}

	/** The frame for a message a test sends; a copy of its bytes. */
	Received frame(Object message) {
		if (message instanceof String text) {
			return Received.text(text);
		}
		if (message instanceof byte[] bytes) {
			return Received.binary(bytes.clone());
		}
		if (message instanceof ByteBuffer buffer) {
			ByteBuffer content = buffer.duplicate();
			byte[] bytes = new byte[content.remaining()];
			content.get(bytes);
			return Received.binary(bytes);
		}
		return Received.text(this.jsonMapper.writeValueAsString(message));
	}

	/**
	 * Read JSON text from the server as the given type.
	 * @throws AssertionError if it does not read as that type
	 */
	<T> T read(String text, Class<T> type, URI from) {
		try {
			return this.jsonMapper.readValue(text, type);
		}
		catch (JacksonException ex) {
			throw new AssertionError("Expected JSON that reads as " + type.getSimpleName() + " from " + from
					+ " but received \"" + text + "\": " + ex.getOriginalMessage());
		}
	}

	/** The string in the type field of a JSON object, or {@code null} for any other text. */
	@Nullable String typeOf(String text) {
		if (!text.startsWith("{")) {
			return null;
		}
		try {
			JsonNode type = this.jsonMapper.readTree(text).get(this.typeField);
			return (type != null && type.isString()) ? type.asString() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
