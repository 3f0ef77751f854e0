package io.github.wsstarter.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.wsstarter.broadcast.WsBroadcast;
import io.github.wsstarter.broadcast.WsBroadcast.Scope;
import io.github.wsstarter.broadcast.WsSessionCommand;
import io.github.wsstarter.broadcast.WsSessionCommand.Kind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The wire format of the cluster's channel: what an instance writes reads back the same, numbered; what another
 * process may publish is read; anything else is refused with a reason.
 */
class ClusterEnvelopeTests {

	private final ClusterEnvelope envelope = new ClusterEnvelope(new JsonMapper(), "inst-1", "epoch-1");

	private ClusterEnvelope.Decoded decode(String json) {
		return this.envelope.decode(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aNumberedBroadcastReadsBackWithItsOriginEpochAndNumber() {
		byte[] written = ClusterEnvelope.numbered(
				this.envelope.broadcast(new WsBroadcast(Scope.ROOM, "lobby", new TextMessage("hé \"quoted\""))), 42);
		assertThat(new String(written, StandardCharsets.UTF_8)).startsWith("{\"seq\":42,\"v\":1,");
		ClusterEnvelope.Decoded decoded = this.envelope.decode(written);
		assertThat(decoded.origin()).isEqualTo("inst-1");
		assertThat(decoded.epoch()).isEqualTo("epoch-1");
		assertThat(decoded.seq()).isEqualTo(42);
		assertThat(decoded.broadcast().scope()).isEqualTo(Scope.ROOM);
		assertThat(decoded.broadcast().target()).isEqualTo("lobby");
		assertThat(((TextMessage) decoded.broadcast().frame()).getPayload()).isEqualTo("hé \"quoted\"");
	}

	@Test
	void binaryTravelsAsBase64() {
		byte[] written = this.envelope
			.broadcast(new WsBroadcast(Scope.ALL, null, new BinaryMessage(new byte[] { 0, 1, (byte) 255 })));
		assertThat(new String(written, StandardCharsets.UTF_8)).contains("\"binary\":\"AAH/\"");
		ByteBuffer payload = ((BinaryMessage) this.envelope.decode(written).broadcast().frame()).getPayload();
		assertThat(payload.remaining()).isEqualTo(3);
		assertThat(payload.get(2)).isEqualTo((byte) 255);
	}

	@Test
	void commandsReadBack() {
		ClusterEnvelope.Decoded close = this.envelope.decode(this.envelope
			.command(new WsSessionCommand("s1", Kind.CLOSE, null, new CloseStatus(4001, "kicked"))));
		assertThat(close.command().status()).isEqualTo(new CloseStatus(4001, "kicked"));
		ClusterEnvelope.Decoded join = this.envelope
			.decode(this.envelope.command(new WsSessionCommand("s1", Kind.JOIN, "lobby", null)));
		assertThat(join.command().kind()).isEqualTo(Kind.JOIN);
		assertThat(join.command().room()).isEqualTo("lobby");
	}

	@Test
	void anotherProcessMayPublishWithoutOriginVersionOrNumber() {
		ClusterEnvelope.Decoded decoded = decode("{\"scope\":\"session\",\"target\":\"s1\",\"text\":\"hi\",\"later\":{}}");
		assertThat(decoded.origin()).isNull();
		assertThat(decoded.seq()).isEqualTo(-1);
		assertThat(decoded.broadcast().scope()).isEqualTo(Scope.SESSION);
		assertThat(decode("{\"command\":\"close\",\"target\":\"s1\"}").command().status()).isEqualTo(CloseStatus.NORMAL);
	}

	@Test
	void whatIsNotOfTheFormatIsRefusedWithAReason() {
		assertMalformed("[1,2]", "not a JSON object");
		assertMalformed("{\"text\":\"x\"", "not JSON");
		assertMalformed("{\"v\":2,\"scope\":\"all\",\"text\":\"x\"}", "unsupported version");
		assertMalformed("{\"scope\":\"everybody\",\"text\":\"x\"}", "unknown 'scope'");
		assertMalformed("{\"scope\":\"room\",\"text\":\"x\"}", "'target' is missing");
		assertMalformed("{\"scope\":\"all\"}", "exactly one of 'text' and 'binary'");
		assertMalformed("{\"scope\":\"all\",\"text\":\"x\",\"binary\":\"AA==\"}", "exactly one of");
		assertMalformed("{\"scope\":\"all\",\"binary\":\"%%%\"}", "not base64");
		assertMalformed("{\"scope\":\"all\",\"text\":5}", "'text' is not a string");
		assertMalformed("{\"command\":\"kick\",\"target\":\"s1\"}", "unknown 'command'");
		assertMalformed("{\"command\":\"close\",\"target\":\"s1\",\"code\":1006}", "close code a server may send");
		assertMalformed("{\"command\":\"close\",\"target\":\"s1\",\"code\":2000}", "close code a server may send");
		assertMalformed("{\"command\":\"close\",\"target\":\"s1\",\"reason\":\"" + "r".repeat(124) + "\"}", "123 bytes");
		assertMalformed("{\"command\":\"join\",\"target\":\"s1\"}", "'room' is missing");
	}

	@Test
	void aServerMayNotBeAskedToSendACloseCodeThatOnlyClientsOrNobodySends() {
		assertThat(io.github.wsstarter.session.WsClosePolicy.isSendable(1000)).isTrue();
		assertThat(io.github.wsstarter.session.WsClosePolicy.isSendable(4999)).isTrue();
		assertThat(io.github.wsstarter.session.WsClosePolicy.isSendable(1005)).isFalse();
		assertThat(io.github.wsstarter.session.WsClosePolicy.isSendable(1010)).isFalse();
		assertThat(io.github.wsstarter.session.WsClosePolicy.isSendable(1016)).isFalse();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WsSessionCommand("s1", Kind.CLOSE, null, new CloseStatus(1015)))
			.withMessageContaining("Close code 1015 may not be sent by a server");
		// The same rule for WsSession.close(status) on this instance
		assertThatIllegalArgumentException()
			.isThrownBy(() -> io.github.wsstarter.session.WsClosePolicy.checkSendable(new CloseStatus(1016)))
			.withMessageContaining("Close code 1016");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> io.github.wsstarter.session.WsClosePolicy
				.checkSendable(new CloseStatus(4000, "é".repeat(62))))
			.withMessageContaining("123 bytes");
	}

	private void assertMalformed(String json, String reason) {
		assertThatExceptionOfType(ClusterEnvelope.MalformedException.class).as(json)
			.isThrownBy(() -> decode(json))
			.withMessageContaining(reason);
	}

}
