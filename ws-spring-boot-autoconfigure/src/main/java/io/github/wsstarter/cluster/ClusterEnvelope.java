package io.github.wsstarter.cluster;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;

import io.github.wsstarter.broadcast.WsBroadcast;
import io.github.wsstarter.broadcast.WsBroadcast.Scope;
import io.github.wsstarter.broadcast.WsSessionCommand;
import io.github.wsstarter.broadcast.WsSessionCommand.Kind;
import io.github.wsstarter.session.WsClosePolicy;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The message on the cluster's broadcast channel: one JSON object (version 1), documented in the README so that other
 * processes can publish to browsers.
 * <pre>
 * {"seq":42, "v":1, "origin":"a1b2c3d4", "epoch":"k2j4x9a1", "scope":"room", "target":"lobby", "text":"hello"}
 * {"v":1, "scope":"all", "binary":"aGVsbG8="}                                   (base64)
 * {"v":1, "origin":"a1b2c3d4", "command":"close", "target":"&lt;session id&gt;", "code":4000, "reason":"bye"}
 * {"v":1, "origin":"a1b2c3d4", "command":"join", "target":"&lt;session id&gt;", "room":"lobby"}
 * {"v":1, "origin":"a1b2c3d4", "probe":"&lt;nonce&gt;"}
 * </pre>
 * {@code scope} is {@code all}, {@code all_except} (target: the session left out), {@code room} (target: the room) or
 * {@code session} (target: the session id). {@code origin} is the publishing instance, which has delivered to its own
 * sessions already and skips the message when it comes back; other publishers leave it out. {@code epoch} (random per
 * process) and {@code seq} (1, 2, 3 ... per epoch) number an instance's messages, so that a receiver drops one it has
 * had (a replay after a reconnect) and counts the ones it missed. Fields this version does not know are ignored, so
 * that later versions can add some (a stream position) without a second format.
 *
 * @author ws-spring-boot-starter team
 */
final class ClusterEnvelope {

	static final int VERSION = 1;

	private final JsonMapper jsonMapper;

	private static final byte[] SEQ_PREFIX = "{\"seq\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private final String origin;

	private final String epoch;

	ClusterEnvelope(JsonMapper jsonMapper, String origin, String epoch) {
		this.jsonMapper = jsonMapper;
		this.origin = origin;
		this.epoch = epoch;
	}

	/** The message with its number in front: {@code {"seq":n,} and the rest of the encoded object. */
	static byte[] numbered(byte[] message, long seq) {
		if (message.length < 3 || message[0] != '{' || message[1] == '}') {
			throw new IllegalArgumentException("Not an encoded envelope");
		}
		byte[] number = (seq + ",").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		byte[] numbered = new byte[SEQ_PREFIX.length + number.length + message.length - 1];
		System.arraycopy(SEQ_PREFIX, 0, numbered, 0, SEQ_PREFIX.length);
		System.arraycopy(number, 0, numbered, SEQ_PREFIX.length, number.length);
		System.arraycopy(message, 1, numbered, SEQ_PREFIX.length + number.length, message.length - 1);
		return numbered;
	}

	byte[] broadcast(WsBroadcast broadcast) {
		ObjectNode node = start();
		node.put("scope", broadcast.scope().name().toLowerCase(Locale.ROOT));
		if (broadcast.target() != null) {
			node.put("target", broadcast.target());
		}
		WebSocketMessage<?> frame = broadcast.frame();
		if (frame instanceof TextMessage text) {
			node.put("text", text.getPayload());
		}
		else if (frame instanceof BinaryMessage binary) {
			ByteBuffer payload = binary.getPayload().duplicate();
			byte[] bytes = new byte[payload.remaining()];
			payload.get(bytes);
			node.put("binary", Base64.getEncoder().encodeToString(bytes));
		}
		else {
			throw new IllegalArgumentException("Not a text or binary message: " + frame);
		}
		return this.jsonMapper.writeValueAsBytes(node);
	}

	byte[] command(WsSessionCommand command) {
		ObjectNode node = start();
		node.put("command", command.kind().name().toLowerCase(Locale.ROOT));
		node.put("target", command.sessionId());
		if (command.room() != null) {
			node.put("room", command.room());
		}
		CloseStatus status = command.status();
		if (status != null) {
			node.put("code", status.getCode());
			if (status.getReason() != null) {
				node.put("reason", status.getReason());
			}
		}
		return this.jsonMapper.writeValueAsBytes(node);
	}

	byte[] probe(String nonce) {
		return this.jsonMapper.writeValueAsBytes(start().put("probe", nonce));
	}

	private ObjectNode start() {
		return this.jsonMapper.createObjectNode().put("v", VERSION).put("origin", this.origin).put("epoch", this.epoch);
	}

	/**
	 * Read a message from the channel.
	 * @throws MalformedException if it is not a message of this format, saying what is wrong
	 */
	Decoded decode(byte[] message) {
		JsonNode node;
		try {
			node = this.jsonMapper.readTree(message);
		}
		catch (JacksonException ex) {
			throw new MalformedException("not JSON");
		}
		if (node == null || !node.isObject()) {
			throw new MalformedException("not a JSON object");
		}
		JsonNode version = node.get("v");
		if (version != null && !(version.isInt() && version.intValue() == VERSION)) {
			throw new MalformedException("unsupported version 'v', expected " + VERSION);
		}
		String from = optionalString(node, "origin");
		String epoch = optionalString(node, "epoch");
		JsonNode number = node.get("seq");
		long seq = (number != null && number.isIntegralNumber()) ? number.asLong() : -1;
		String probe = optionalString(node, "probe");
		if (probe != null) {
			return new Decoded(from, epoch, seq, null, null, probe);
		}
		String command = optionalString(node, "command");
		if (command != null) {
			return new Decoded(from, epoch, seq, null, command(node, command), null);
		}
		return new Decoded(from, epoch, seq, broadcast(node), null, null);
	}

	private static WsSessionCommand command(JsonNode node, String name) {
		String target = requiredString(node, "target");
		Kind kind = switch (name) {
			case "close" -> Kind.CLOSE;
			case "join" -> Kind.JOIN;
			case "leave" -> Kind.LEAVE;
			default -> throw new MalformedException("unknown 'command', expected close, join or leave");
		};
		if (kind == Kind.CLOSE) {
			JsonNode code = node.get("code");
			int value = (code == null) ? CloseStatus.NORMAL.getCode() : code.isInt() ? code.intValue() : -1;
			if (!WsClosePolicy.isSendable(value)) {
				throw new MalformedException("'code' is not a close code a server may send");
			}
			String reason = optionalString(node, "reason");
			if (reason != null && reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
				throw new MalformedException("'reason' is longer than 123 bytes");
			}
			return new WsSessionCommand(target, kind, null, new CloseStatus(value, reason));
		}
		return new WsSessionCommand(target, kind, requiredString(node, "room"), null);
	}

	private static WsBroadcast broadcast(JsonNode node) {
		String scopeName = requiredString(node, "scope");
		Scope scope = switch (scopeName) {
			case "all" -> Scope.ALL;
			case "all_except" -> Scope.ALL_EXCEPT;
			case "room" -> Scope.ROOM;
			case "session" -> Scope.SESSION;
			default -> throw new MalformedException("unknown 'scope', expected all, all_except, room or session");
		};
		String target = (scope == Scope.ALL) ? null : requiredString(node, "target");
		String text = optionalString(node, "text");
		String binary = optionalString(node, "binary");
		if ((text == null) == (binary == null)) {
			throw new MalformedException("exactly one of 'text' and 'binary' must be a string");
		}
		WebSocketMessage<?> frame;
		if (text != null) {
			frame = new TextMessage(text);
		}
		else {
			try {
				frame = new BinaryMessage(Base64.getDecoder().decode(binary));
			}
			catch (IllegalArgumentException ex) {
				throw new MalformedException("'binary' is not base64");
			}
		}
		return new WsBroadcast(scope, target, frame);
	}

	private static @Nullable String optionalString(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new MalformedException("'" + field + "' is not a string");
		}
		return value.stringValue();
	}

	private static String requiredString(JsonNode node, String field) {
		String value = optionalString(node, field);
		if (value == null || value.isEmpty()) {
			throw new MalformedException("'" + field + "' is missing");
		}
		return value;
	}

	/**
	 * A message read from the channel: exactly one of broadcast, command and probe is set.
	 * @param origin the publishing instance, or {@code null} for another publisher
	 * @param epoch the publishing process, or {@code null}
	 * @param seq the message's number in its epoch, or -1
	 * @param broadcast a message for sessions
	 * @param command something to do to one session
	 * @param probe the nonce of an instance's probe
	 */
	record Decoded(@Nullable String origin, @Nullable String epoch, long seq, @Nullable WsBroadcast broadcast,
			@Nullable WsSessionCommand command, @Nullable String probe) {
	}

	/** A message on the channel that is not of this format; the message says what is wrong, without its content. */
	static final class MalformedException extends RuntimeException {

		MalformedException(String reason) {
			super(reason, null, false, false);
		}

	}

}
