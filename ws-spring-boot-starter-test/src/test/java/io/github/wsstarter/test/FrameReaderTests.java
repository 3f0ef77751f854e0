package io.github.wsstarter.test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test kit's frame reader on byte streams written by hand: what it assembles, and each way a server can break
 * RFC 6455 that a test must see as a close with 1002 or 1007.
 */
class FrameReaderTests {

	private final List<Object> events = new ArrayList<>();

	@Test
	void assemblesFragmentedMessagesAcrossPingsAndEndsAtTheCloseFrame() throws IOException {
		CloseStatus status = read(frame(0x01, "hel"), frame(0x89, "p"), frame(0x80, "lo"), frame(0x82, new byte[] { 7 }),
				frame(0x8A, "pong"), close(4001, "bye"));
		assertThat(this.events).containsExactly("ping p", "text hello", "binary 1");
		assertThat(status).isEqualTo(new CloseStatus(4001, "bye"));
	}

	@Test
	void aCloseFrameWithoutACodeIs1005() throws IOException {
		assertThat(read(frame(0x88, new byte[0])).getCode()).isEqualTo(1005);
	}

	@Test
	void theEndOfTheStreamBeforeACloseFrameIsAnEof() {
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> read(frame(0x81, "cut")));
	}

	@Test
	void eachBreachOfTheProtocolIsAProtocolErrorWithItsCode() {
		assertBreach(1002, "masked", bytes(0x81, 0x81, 1, 2, 3, 4, 'x'));
		assertBreach(1002, "RSV bits", frame(0xC1, "compressed?"));
		assertBreach(1002, "unknown opcode 3", frame(0x83, "?"));
		assertBreach(1002, "unknown opcode 11", frame(0x8B, "?"));
		assertBreach(1002, "fragmented or oversized control frame", frame(0x09, "ping"));
		assertBreach(1002, "fragmented or oversized control frame", frame(0x89, "p".repeat(126)));
		assertBreach(1002, "a continuation frame with no message", frame(0x80, "tail"));
		assertBreach(1002, "a new message before the last one ended", frame(0x01, "a"), frame(0x81, "b"));
		assertBreach(1002, "close frame with code 999", close(999, ""));
		assertBreach(1002, "close frame with code 0", frame(0x88, new byte[] { 3 }));
		assertBreach(1007, "not UTF-8", frame(0x81, new byte[] { (byte) 0xC3, (byte) 0x28 }));
		assertBreach(1007, "not UTF-8", close(1000, new byte[] { (byte) 0xFF }));
	}

	private void assertBreach(int code, String message, byte[]... frames) {
		assertThatExceptionOfType(FrameReader.ProtocolException.class).isThrownBy(() -> read(frames))
			.withMessageContaining(message)
			.satisfies((ex) -> assertThat(ex.code).isEqualTo(code));
	}

	private CloseStatus read(byte[]... frames) throws IOException {
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		for (byte[] frame : frames) {
			stream.write(frame);
		}
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(stream.toByteArray()));
		return new FrameReader(in).readUntilClose(new FrameReader.Events() {

			@Override
			public void message(Received message) {
				FrameReaderTests.this.events.add(message.value() instanceof byte[] bytes ? "binary " + bytes.length
						: "text " + message.value());
			}

			@Override
			public void ping(byte[] payload) {
				FrameReaderTests.this.events.add("ping " + new String(payload, StandardCharsets.UTF_8));
			}

		});
	}

	private static byte[] frame(int first, String payload) {
		return frame(first, payload.getBytes(StandardCharsets.UTF_8));
	}

	/** An unmasked frame, as a server sends it; payloads under 64 KB. */
	private static byte[] frame(int first, byte[] payload) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(first);
		if (payload.length < 126) {
			frame.write(payload.length);
		}
		else {
			frame.write(126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length);
		}
		frame.writeBytes(payload);
		return frame.toByteArray();
	}

	private static byte[] close(int code, String reason) {
		return close(code, reason.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] close(int code, byte[] reason) {
		byte[] payload = new byte[2 + reason.length];
		payload[0] = (byte) (code >> 8);
		payload[1] = (byte) code;
		System.arraycopy(reason, 0, payload, 2, reason.length);
		return frame(0x88, payload);
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

}
