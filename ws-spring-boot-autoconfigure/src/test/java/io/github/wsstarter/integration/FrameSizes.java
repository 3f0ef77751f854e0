package io.github.wsstarter.integration;

import java.nio.charset.StandardCharsets;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsSessionRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages of every length class of a frame header (7-bit, 16-bit and 64-bit lengths, and the edges between them),
 * text with one-, two-, three- and four-byte UTF-8 characters, sent to one session and broadcast to a room.
 */
final class FrameSizes {

	/** Payload lengths in bytes. */
	static final int[] LENGTHS = { 0, 1, 9, 125, 126, 127, 65_535, 65_536, 100_000 };

	private FrameSizes() {
	}

	/** Text whose UTF-8 form is exactly {@code length} bytes, with multi-byte characters when it has room. */
	static String text(int length) {
		String prefix = (length >= 9) ? "é€😀" : "";
		String text = prefix + "x".repeat(length - prefix.getBytes(StandardCharsets.UTF_8).length);
		assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(length);
		return text;
	}

	static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) (i * 31 + length);
		}
		return bytes;
	}

	/**
	 * Connect to /ws, send and broadcast every size, and check that each arrives whole and in order.
	 * @param directWrite whether the session is expected to be written straight to Tomcat's connection
	 */
	static void assertEverySizeArrives(int port, WsSessionRegistry registry, WsBroadcaster broadcaster,
			boolean directWrite) {
		try (TestClient client = TestClient.connect(port, "/ws")) {
			String id = client.nextText().substring(3);
			DefaultWsSession session = registry.get(id);
			assertThat(session).isNotNull();
			assertThat(session.isDirectWrite()).as("direct write").isEqualTo(directWrite);
			String room = "sizes-" + id;
			session.join(room);
			for (int length : LENGTHS) {
				// Four at a time: all of them at once would be more than the send buffer limit
				assertThat(session.send(text(length))).isTrue();
				assertThat(session.send(bytes(length))).isTrue();
				broadcaster.sendToRoom(room, text(length));
				broadcaster.sendToRoom(room, bytes(length));
				assertThat(client.nextText()).as("sent text of %d bytes", length).isEqualTo(text(length));
				assertThat(client.nextBinary()).as("sent binary of %d bytes", length).isEqualTo(bytes(length));
				assertThat(client.nextText()).as("broadcast text of %d bytes", length).isEqualTo(text(length));
				assertThat(client.nextBinary()).as("broadcast binary of %d bytes", length).isEqualTo(bytes(length));
			}
		}
	}

}
