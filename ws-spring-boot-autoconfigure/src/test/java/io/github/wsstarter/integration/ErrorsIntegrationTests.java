package io.github.wsstarter.integration;

import java.util.Map;

import io.github.wsstarter.integration.TestClient.Close;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error path answers with its defined close code or HTTP status, keeps exception text away from the client
 * and the ERROR log, and leaves the other sessions running.
 */
@IntegrationTest
class ErrorsIntegrationTests {

	@LocalServerPort
	int port;

	private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	private TestClient bystander;

	@BeforeEach
	void connectBystander() {
		this.bystander = TestClient.connect(this.port, "/ws");
		this.bystander.nextText();
	}

	@AfterEach
	void bystanderIsStillServedAndNothingWasLoggedAtError(CapturedOutput output) {
		assertThat(this.bystander.send("still there?").nextText()).isEqualTo("echo:still there?");
		this.bystander.close();
		assertThat(output.getAll()).doesNotContain(" ERROR ");
	}

	private Close closeAfterSending(String path, String text) {
		try (TestClient client = TestClient.connect(this.port, path)) {
			return client.send(text).awaitClose();
		}
	}

	@Test
	void unknownMessageTypeClosesWith1007AndLogsAWarning(CapturedOutput output) {
		assertThat(closeAfterSending("/json", "{\"type\":\"nope\"}")).isEqualTo(new Close(1007, "Invalid payload"));
		assertThat(output.getAll()).containsPattern(" WARN .* Closing WebSocket session '" + UUID_PATTERN
				+ "' on '/json' with 1007: No @WsOnMessage method on endpoint '/json' takes type 'nope': .*"
				+ "\\[abstract, chat, fail, msg, raw, tree\\]");
	}

	@Test
	void textThatIsNotJsonOnATypedEndpointClosesWith1007() {
		assertThat(closeAfterSending("/json", "not json").code()).isEqualTo(1007);
		assertThat(closeAfterSending("/json", "[1,2]").code()).isEqualTo(1007);
		assertThat(closeAfterSending("/json", "{\"type\":7}").code()).isEqualTo(1007);
	}

	@Test
	void jsonThatDoesNotFitThePayloadTypeClosesWith1007AndSaysWhatWasExpected(CapturedOutput output) {
		try (TestClient client = TestClient.connect(this.port, "/untyped-json")) {
			assertThat(client.send("{\"text\":\"ok\",\"priority\":1}").nextText()).contains("\"ok\"");
			assertThat(client.send("{\"text\":\"x\",\"priority\":\"high\"}").awaitClose())
				.isEqualTo(new Close(1007, "Invalid payload"));
		}
		assertThat(output.getAll()).contains("Expected a JSON text frame readable as "
				+ TestApplication.Chat.class.getName());
		assertThat(closeAfterSending("/untyped-json", "{oops").code()).isEqualTo(1007);
		assertThat(closeAfterSending("/untyped-json", "null").code()).isEqualTo(1007);
	}

	@Test
	void handlerExceptionClosesWith1011WithoutItsText(CapturedOutput output) {
		Close close = closeAfterSending("/json", "{\"type\":\"fail\"}");
		assertThat(close).isEqualTo(new Close(1011, "Internal error"));
		assertThat(output.getAll()).containsPattern(" WARN .* Closing WebSocket session '" + UUID_PATTERN
				+ "' on '/json' with 1011: .*Json.fail\\(JsonNode\\)");
	}

	@Test
	void clientTextInAWarningCannotForgeLogLines(CapturedOutput output) {
		String forged = "{\"text\":\"x\",\"priority\":\"1\\n2026-01-01 INFO forged\\u2028line\"}";
		assertThat(closeAfterSending("/untyped-json", forged).code()).isEqualTo(1007);
		assertThat(output.getAll()).contains("?2026-01-01 INFO forged?line").doesNotContain("\n2026-01-01 ERROR");
	}

	@Test
	void payloadTypeJacksonCannotConstructClosesWith1011NotAsTheClientsFault() {
		assertThat(closeAfterSending("/json", "{\"type\":\"abstract\"}")).isEqualTo(new Close(1011, "Internal error"));
	}

	@Test
	void errorMethodThatThrowsClosesWith1011() {
		assertThat(closeAfterSending("/error-fails", "x")).isEqualTo(new Close(1011, "Internal error"));
	}

	@Test
	void initExceptionClosesWith1011() {
		try (TestClient client = TestClient.connect(this.port, "/init-fails")) {
			assertThat(client.awaitClose()).isEqualTo(new Close(1011, "Internal error"));
		}
	}

	@Test
	void binaryFrameOnAnEndpointWithoutBinaryMethodsClosesWith1003() {
		try (TestClient client = TestClient.connect(this.port, "/json")) {
			assertThat(client.sendBinary(new byte[] { 1 }).awaitClose().code()).isEqualTo(1003);
		}
	}

	@Test
	void textFrameOnAnEndpointWithoutTextMethodsClosesWith1003() {
		assertThat(closeAfterSending("/binary", "text").code()).isEqualTo(1003);
	}

	@Test
	void errorMethodsTakeTheErrorsOfTheirTypeAndKeepTheSessionOpen() {
		try (TestClient client = TestClient.connect(this.port, "/handled")) {
			assertThat(client.send("{\"type\":\"argument\"}").nextText()).isEqualTo("handled:bad argument");
			assertThat(client.send("{\"type\":\"unknown\"}").nextText())
				.isEqualTo("{\"type\":\"error\",\"text\":\"cannot read that\"}");
			assertThat(client.send("not even json").nextText()).contains("cannot read that");
			assertThat(client.send("{\"type\":\"state\"}").awaitClose().code()).isEqualTo(1011);
		}
	}

	@Test
	void errorMethodWithAThrowableTakesEveryError() {
		try (TestClient client = TestClient.connect(this.port, "/catch-all")) {
			assertThat(client.send("one").nextText()).isEqualTo("caught:UnsupportedOperationException:one");
			assertThat(client.send("two").nextText()).isEqualTo("caught:UnsupportedOperationException:two");
		}
	}

	@Test
	void oversizedTextMessageClosesWith1009() {
		try (TestClient client = TestClient.connect(this.port, "/ws")) {
			client.nextText();
			String largest = "x".repeat(64 * 1024);
			assertThat(client.send(largest).nextText()).hasSize(largest.length() + 5);
			assertThat(client.send(largest + "x").awaitClose().code()).isEqualTo(1009);
		}
	}

	@Test
	void oversizedBinaryMessageClosesWith1009() {
		try (TestClient client = TestClient.connect(this.port, "/binary")) {
			byte[] largest = new byte[64 * 1024];
			assertThat(client.sendBinary(largest).nextBinary()).hasSize(largest.length);
			assertThat(client.sendBinary(new byte[largest.length + 1]).awaitClose().code()).isEqualTo(1009);
		}
	}

	@Test
	void handshakeOnAnUnknownPathIsRefusedWith404() {
		assertThat(TestClient.handshakeStatus(this.port, "/nowhere", Map.of())).isEqualTo(404);
	}

	@Test
	void crossOriginHandshakeIsRefusedWith403AndSameOriginIsAccepted() {
		assertThat(TestClient.handshakeStatus(this.port, "/ws", Map.of("Origin", "https://evil.example")))
			.isEqualTo(403);
		assertThat(TestClient.handshakeStatus(this.port, "/ws", Map.of("Origin", "http://127.0.0.1:" + this.port)))
			.isEqualTo(101);
	}

}
