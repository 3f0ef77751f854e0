package io.github.wsstarter.test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.springframework.web.socket.CloseStatus;

/**
 * Reads what a server sends (RFC 6455 section 5): frames, assembled into complete messages across continuation
 * frames, with control frames in between. Strict, since a test must see a server that breaks the protocol: a masked
 * or oversized frame, RSV bits, an unknown opcode, a fragmented or oversized control frame, a stray continuation, a
 * bad close code or text that is not UTF-8 is a {@link ProtocolException}. Used by one reader thread.
 *
 * @author ws-spring-boot-starter team
 */
final class FrameReader {

	static final int OP_CONTINUATION = 0, OP_TEXT = 1, OP_BINARY = 2, OP_CLOSE = 8, OP_PING = 9, OP_PONG = 10;

	/** What the reader finds, in the order of the stream. */
	interface Events {

		void message(Received message) throws IOException;

		void ping(byte[] payload) throws IOException;

	}

	private final DataInputStream in;

	private final ByteArrayOutputStream message = new ByteArrayOutputStream();

	private int messageOpcode = -1;

	FrameReader(DataInputStream in) {
		this.in = in;
	}

	/**
	 * Read frames, telling {@code events} of each complete message and ping, until the server's close frame.
	 * @return the close frame's status
	 * @throws java.io.EOFException if the stream ends first
	 * @throws ProtocolException if what the server sent is not WebSocket
	 */
	CloseStatus readUntilClose(Events events) throws IOException {
		while (true) {
			int first = this.in.readUnsignedByte();
			int second = this.in.readUnsignedByte();
			int opcode = first & 0x0F;
			long length = second & 0x7F;
			if (length == 126) {
				length = this.in.readUnsignedShort();
			}
			else if (length == 127) {
				length = this.in.readLong();
			}
			if ((second & 0x80) != 0 || length < 0 || length > Integer.MAX_VALUE - 8) {
				throw new ProtocolException("a masked or oversized frame from the server");
			}
			if ((first & 0x70) != 0) {
				throw new ProtocolException("a frame with RSV bits set, but no extension was negotiated");
			}
			if (opcode >= OP_CLOSE && ((first & 0x80) == 0 || length > 125)) {
				throw new ProtocolException("a fragmented or oversized control frame");
			}
			if ((opcode > OP_BINARY && opcode < OP_CLOSE) || opcode > OP_PONG) {
				throw new ProtocolException("a frame with the unknown opcode " + opcode);
			}
			byte[] payload = new byte[(int) length];
			this.in.readFully(payload);
			switch (opcode) {
				case OP_TEXT, OP_BINARY, OP_CONTINUATION -> data(opcode, (first & 0x80) != 0, payload, events);
				case OP_PING -> events.ping(payload);
				case OP_CLOSE -> {
					return closeStatus(payload);
				}
				default -> {
					// a pong: nothing to record
				}
			}
		}
	}

	private void data(int opcode, boolean fin, byte[] payload, Events events) throws IOException {
		if ((opcode == OP_CONTINUATION) == (this.messageOpcode == -1)) {
			throw new ProtocolException((opcode == OP_CONTINUATION) ? "a continuation frame with no message to continue"
					: "a new message before the last one ended");
		}
		if (opcode != OP_CONTINUATION) {
			this.messageOpcode = opcode;
		}
		this.message.write(payload, 0, payload.length);
		if (fin) {
			byte[] bytes = this.message.toByteArray();
			events.message((this.messageOpcode == OP_TEXT) ? Received.text(utf8(bytes)) : Received.binary(bytes));
			this.message.reset();
			this.messageOpcode = -1;
		}
	}

	private static CloseStatus closeStatus(byte[] payload) throws ProtocolException {
		if (payload.length == 0) {
			return CloseStatus.NO_STATUS_CODE;
		}
		int code = (payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 0;
		if (payload.length == 1 || code < 1000 || code > 4999) {
			throw new ProtocolException("a close frame with code " + code);
		}
		return new CloseStatus(code, utf8(Arrays.copyOfRange(payload, 2, payload.length)));
	}

	/** Strict UTF-8: a server that sends anything else is wrong. */
	private static String utf8(byte[] bytes) throws ProtocolException {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new ProtocolException(1007, "text that is not UTF-8");
		}
	}

	/** What the server sent breaks RFC 6455: the test sees a close with {@link #code}. */
	static final class ProtocolException extends IOException {

		final int code;

		ProtocolException(String message) {
			this(1002, message);
		}

		ProtocolException(int code, String message) {
			super(message);
			this.code = code;
		}

	}

}
