package io.github.wsstarter.handler;

import java.nio.ByteBuffer;
import java.time.Instant;

import io.github.wsstarter.WsDecodeException;
import io.github.wsstarter.WsException;
import io.github.wsstarter.WsMessage;
import io.github.wsstarter.session.DefaultWsSession;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A received frame while it is being dispatched. Its JSON is parsed at most once, on first need, however many
 * methods read it. Used by one thread at a time: the container delivers one frame of a session at a time.
 *
 * @author ws-spring-boot-starter team
 */
final class InboundFrame implements WsMessage {

	private final DefaultWsSession session;

	private final Instant receivedAt;

	private final @Nullable String text;

	private final @Nullable ByteBuffer binary;

	private final JsonMapper jsonMapper;

	private final String typeField;

	private boolean parsed;

	private @Nullable JsonNode tree;

	private @Nullable WsDecodeException parseFailure;

	/** The type field's value, read once for all the typed methods that look at it. */
	private boolean typeRead;

	private @Nullable String type;

	private InboundFrame(DefaultWsSession session, @Nullable String text, @Nullable ByteBuffer binary,
			JsonMapper jsonMapper, String typeField) {
		this.session = session;
		this.receivedAt = Instant.now();
		this.text = text;
		this.binary = binary;
		this.jsonMapper = jsonMapper;
		this.typeField = typeField;
	}

	static InboundFrame text(DefaultWsSession session, String text, JsonMapper jsonMapper, String typeField) {
		return new InboundFrame(session, text, null, jsonMapper, typeField);
	}

	static InboundFrame binary(DefaultWsSession session, ByteBuffer binary, JsonMapper jsonMapper, String typeField) {
		return new InboundFrame(session, null, binary, jsonMapper, typeField);
	}

	@Override
	public io.github.wsstarter.WsConnection connection() {
		return session().connection();
	}

	@Override
	public DefaultWsSession session() {
		return this.session;
	}

	@Override
	public Instant receivedAt() {
		return this.receivedAt;
	}

	@Override
	public boolean isText() {
		return this.text != null;
	}

	@Override
	public String text() {
		if (this.text == null) {
			throw new IllegalStateException("Not a text frame");
		}
		return this.text;
	}

	@Override
	public ByteBuffer binary() {
		if (this.binary == null) {
			throw new IllegalStateException("Not a binary frame");
		}
		return this.binary.asReadOnlyBuffer();
	}

	/** The content of a binary frame as an array of its own: a method may change it without the next one seeing. */
	byte[] bytes() {
		ByteBuffer buffer = binary();
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

	/**
	 * Return the value of the type field, if this is a JSON object that has one as a string.
	 * @return the message type, or {@code null}
	 */
	@Nullable String type() {
		if (!this.typeRead) {
			this.typeRead = true;
			JsonNode node = (this.text != null) ? parse() : null;
			JsonNode type = (node != null && node.isObject()) ? node.get(this.typeField) : null;
			this.type = (type != null && type.isString()) ? type.stringValue() : null;
		}
		return this.type;
	}

	/**
	 * Read this frame as the JSON payload of the given method.
	 * @throws WsDecodeException if this is not a text frame holding JSON of the method's payload type
	 */
	Object read(WsHandlerMethod method) {
		JsonNode node = parse();
		if (node == null) {
			throw notJson(method);
		}
		ObjectReader reader = method.jsonReader();
		if (reader == null) {
			return node;
		}
		try {
			Object value = reader.readValue(node);
			if (value == null) {
				throw new WsDecodeException("Expected a JSON text frame readable as "
						+ method.jsonType() + " for " + method + ", but got JSON null", null);
			}
			return value;
		}
		catch (InvalidDefinitionException ex) {
			// Not the client's fault: Jackson cannot build this type at all (an interface, no creator...)
			throw new WsException("Cannot read JSON as " + method.jsonType() + " for " + method
					+ ": Jackson cannot construct that type", ex);
		}
		catch (JacksonException ex) {
			throw new WsDecodeException("Expected a JSON text frame readable as " + method.jsonType()
					+ " for " + method + ": " + ClientText.printable(ex.getOriginalMessage()), ex);
		}
	}

	private WsDecodeException notJson(WsHandlerMethod method) {
		String expected = "Expected a JSON text frame for " + method;
		if (this.text == null) {
			return new WsDecodeException(expected + ", but got a binary frame", null);
		}
		return new WsDecodeException(expected + ", but the text is not JSON", this.parseFailure);
	}

	private @Nullable JsonNode parse() {
		if (!this.parsed && this.text != null) {
			this.parsed = true;
			try {
				JsonNode node = this.jsonMapper.readTree(this.text);
				this.tree = (node != null && !node.isMissingNode()) ? node : null;
			}
			catch (JacksonException ex) {
				this.parseFailure = new WsDecodeException(
						"Text frame is not JSON: " + ClientText.printable(ex.getOriginalMessage()), ex);
			}
		}
		return this.tree;
	}

}
