package io.github.wsstarter.session;

import java.nio.ByteBuffer;
import java.util.Map;

import io.github.wsstarter.WsException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WsMessageEncoder}.
 */
class WsMessageEncoderTests {

	private final WsMessageEncoder encoder = new WsMessageEncoder(new JsonMapper());

	@Test
	void stringsAreTextBytesAreBinaryAndTheRestIsJson() {
		assertThat(this.encoder.encode("hi")).isEqualTo(new TextMessage("hi"));
		assertThat(this.encoder.encode("emoji \uD83D\uDE00")).isEqualTo(new TextMessage("emoji \uD83D\uDE00"));
		assertThat(this.encoder.encode(new byte[] { 1, 2 })).isInstanceOf(BinaryMessage.class);
		assertThat(this.encoder.encode(Map.of("a", 1))).isEqualTo(new TextMessage("{\"a\":1}"));
	}

	@Test
	void bytesAreCopiedSoTheCallerMayReuseItsBuffer() {
		byte[] bytes = { 1, 2, 3 };
		ByteBuffer buffer = ByteBuffer.wrap(new byte[] { 4, 5 });
		BinaryMessage fromArray = (BinaryMessage) this.encoder.encode(bytes);
		BinaryMessage fromBuffer = (BinaryMessage) this.encoder.encode(buffer);
		bytes[0] = 9;
		buffer.put(0, (byte) 9);
		assertThat(fromArray.getPayload().get(0)).isEqualTo((byte) 1);
		assertThat(fromBuffer.getPayload().get(0)).isEqualTo((byte) 4);
		assertThat(buffer.position()).as("the caller's position is left alone").isZero();
	}

	@Test
	void textWithHalfASurrogatePairIsRefusedOnceInsteadOfBreakingEveryConnection() {
		String cut = "emoji \uD83D";
		assertThatExceptionOfType(WsException.class).isThrownBy(() -> this.encoder.encode(cut))
			.withMessage("Cannot send text with an unpaired surrogate at index 6: it has no UTF-8 form");
		assertThatExceptionOfType(WsException.class).isThrownBy(() -> this.encoder.encode("\uDE00 reversed"));
	}

}
