package io.github.wsstarter.cluster;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;

import io.github.wsstarter.broadcast.WsBroadcast;
import io.github.wsstarter.broadcast.WsBroadcast.Scope;
import io.github.wsstarter.broadcast.WsSessionCommand;
import io.github.wsstarter.broadcast.WsSessionCommand.Kind;
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
 * {"v":1, "origin":"a1b2c3d4", "scope":"room", "target":"lobby", "text":"hello"}
 * {"v":1, "scope":"all", "binary":"aGVsbG8="}                                   (base64)
 * {"v":1, "origin":"a1b2c3d4", "command":"close", "target":"&lt;session id&gt;", "code":4000, "reason":"bye"}
 * {"v":1, "origin":"a1b2c3d4", "command":"join", "target":"&lt;session id&gt;", "room":"lobby"}
 * {"v":1, "origin":"a1b2c3d4", "probe":"&lt;nonce&gt;"}
 * </pre>
 * {@code scope} is {@code all}, {@code all_except} (target: the session left out), {@code room} (target: the room) or
 * {@code session} (target: the session id). {@code origin} is the publishing instance, which has delivered to its own
 * sessions already and skips the message when it comes back; other publishers leave it out. Fields this version does
 * not know are ignored, so that later versions can add some (a stream position) without a second format.
 *
 * @author ws-spring-boot-starter team
 */
final class ClusterEnvelope {

	static final int VERSION = 1;

	private final JsonMapper jsonMapper;

	private final String origin;

	ClusterEnvelope(JsonMapper jsonMapper, String origin) {
		this.jsonMapper = jsonMapper;
		this.origin = origin;
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
		return this.jsonMapper.createObjectNode().put("v", VERSION).put("origin", this.origin);
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
		String probe = optionalString(node, "probe");
		if (probe != null) {
			return new Decoded(from, null, null, probe);
		}
		String command = optionalString(node, "command");
		if (command != null) {
			return new Decoded(from, null, command(node, command), null);
		}
		return new Decoded(from, broadcast(node), null, null);
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
			if (value < 1000 || value > 4999 || value == 1005 || value == 1006 || value == 1015) {
				throw new MalformedException("'code' is not a close code that may be sent");
			}
			return new WsSessionCommand(target, kind, null, new CloseStatus(value, optionalString(node, "reason")));
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
	 * @param broadcast a message for sessions
	 * @param command something to do to one session
	 * @param probe the nonce of an instance's probe
	 */
	record Decoded(@Nullable String origin, @Nullable WsBroadcast broadcast, @Nullable WsSessionCommand command,
			@Nullable String probe) {
	}

	/** A message on the channel that is not of this format; the message says what is wrong, without its content. */
	static final class MalformedException extends RuntimeException {

		MalformedException(String reason) {
			super(reason, null, false, false);
		}

	}

}
