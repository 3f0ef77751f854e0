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
 * {@code ByteBuffer} into a binary frame (the content is copied, so the caller may reuse its buffer), a complete
 * {@link TextMessage} or {@link BinaryMessage} into itself (other {@link WebSocketMessage}s are refused), and any
 * other object into JSON in a text frame.
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
			checkUtf16(text);
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
			return complete(frame);
		}
		try {
			String json = this.jsonMapper.writeValueAsString(message);
			checkUtf16(json);
			return new TextMessage(json);
		}
		catch (JacksonException ex) {
			throw new WsException("Cannot write message of type " + message.getClass().getName() + " as JSON", ex);
		}
	}

	/** Only complete text and binary messages are sent: anything else would change what the client receives. */
	private static WebSocketMessage<?> complete(WebSocketMessage<?> frame) {
		if (!(frame instanceof TextMessage || frame instanceof BinaryMessage)) {
			throw new WsException("Cannot send a " + frame.getClass().getSimpleName()
					+ ": only complete text and binary messages can be sent (pings and pongs are the heartbeat's)");
		}
		if (!frame.isLast()) {
			throw new WsException("Cannot send a partial " + frame.getClass().getSimpleName()
					+ ": only complete messages can be sent");
		}
		if (frame instanceof TextMessage text) {
			checkUtf16(text.getPayload());
		}
		return frame;
	}

	/**
	 * A text frame must be valid UTF-8, so text with half of a surrogate pair (a string cut in the middle of an
	 * emoji) cannot be sent: fail the caller once, rather than every session's connection.
	 */
	private static void checkUtf16(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else {
					throw new WsException("Cannot send text with an unpaired surrogate at index " + i
							+ ": it has no UTF-8 form");
				}
			}
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
