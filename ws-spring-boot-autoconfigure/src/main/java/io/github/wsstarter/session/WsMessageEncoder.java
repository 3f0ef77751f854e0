package io.github.wsstarter.session;

import java.nio.ByteBuffer;

import io.github.wsstarter.WsException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Turns an outgoing message into a WebSocket frame: a {@code String} into a text frame, a {@code byte[]} or
 * {@code ByteBuffer} into a binary frame (the content is copied, so the caller may reuse its buffer), a ready
 * {@link WebSocketMessage} into itself, and anything else into JSON in a text frame.
 * <p>
 * Thread-safe. A frame it returns may be sent to any number of sessions.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class WsMessageEncoder {

	private final JsonMapper jsonMapper;

	/**
	 * Create an encoder that writes JSON with the given mapper.
	 * @param jsonMapper the mapper for messages that are not text or bytes
	 */
	public WsMessageEncoder(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Encode a message into a frame.
	 * @param message the message
	 * @return the frame
	 * @throws WsException if the message cannot be written as JSON
	 */
	public WebSocketMessage<?> encode(Object message) {
		Assert.notNull(message, "'message' must not be null");
		if (message instanceof String text) {
			return new TextMessage(text);
		}
		if (message instanceof byte[] bytes) {
			return new BinaryMessage(bytes.clone());
		}
		if (message instanceof ByteBuffer buffer) {
			ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
			copy.put(buffer.duplicate()).flip();
			return new BinaryMessage(copy);
		}
		if (message instanceof WebSocketMessage<?> frame) {
			return frame;
		}
		try {
			return new TextMessage(this.jsonMapper.writeValueAsString(message));
		}
		catch (JacksonException ex) {
			throw new WsException("Cannot write message of type " + message.getClass().getName() + " as JSON", ex);
		}
	}

	/**
	 * Return the JSON mapper that this encoder writes with.
	 * @return the mapper
	 */
	public JsonMapper getJsonMapper() {
		return this.jsonMapper;
	}

}
