package io.github.wsstarter.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.test.WsTestClient;
import io.github.wsstarter.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every close path reaches {@code @WsOnClose} once, with the cause that names it; abusive input gets its defined
 * answer and nothing reaches the log at ERROR.
 */
@IntegrationTest
class CloseCauseIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsTestClient ws;

	@Autowired
	TestApplication.Events events;

	private WsCloseCause causeOf(String id) {
		await().atMost(TestClient.TIMEOUT).until(() -> this.events.closed.containsKey(id));
		assertThat(this.events.closed.get(id)).as("@WsOnClose calls").hasSize(1);
		return this.events.causes.get(id);
	}

	private String idOfOnlyOpenSession(String path) {
		await().atMost(TestClient.TIMEOUT)
			.until(() -> this.events.opened.values().stream().filter((s) -> s.isOpen() && s.path().equals(path)).count() == 1);
		return this.events.opened.values().stream().filter((s) -> s.isOpen() && s.path().equals(path)).findFirst()
			.map(WsSession::id).orElseThrow();
	}

	@Test
	void clientClose() {
		WsTestConnection connection = this.ws.connect();
		String id = connection.awaitText().substring(3);
		connection.close();
		assertThat(causeOf(id)).isEqualTo(WsCloseCause.CLIENT_CLOSED);
	}

	@Test
	void serverClose() {
		try (WsTestConnection connection = this.ws.connect()) {
			String id = connection.awaitText().substring(3);
			this.events.opened.get(id).close(CloseStatus.NORMAL.withReason("bye"));
			assertThat(connection).closesWith(1000, "bye");
			assertThat(causeOf(id)).isEqualTo(WsCloseCause.SERVER_CLOSED);
		}
	}

	@Test
	void messageTooBig() {
		try (WsTestConnection connection = this.ws.connect()) {
			String id = connection.awaitText().substring(3);
			assertThat(connection.send("x".repeat(70_000))).closesWith(1009);
			assertThat(causeOf(id)).isEqualTo(WsCloseCause.MESSAGE_TOO_BIG);
		}
	}

	@Test
	void invalidUtf8IsClosedWith1007(CapturedOutput output) throws Exception {
		try (RawClient client = RawClient.connect(this.port, "/ws")) {
			String id = client.readFrame().text().substring(3);
			client.sendFrame(0x1, new byte[] { 'o', 'k', (byte) 0xC3, (byte) 0x28 });
			assertThat(client.readUntilClose()).isEqualTo(1007);
			assertThat(causeOf(id)).isEqualTo(WsCloseCause.INVALID_PAYLOAD);
		}
		assertThat(output.getAll()).doesNotContain(" ERROR ");
	}

	@Test
	void undecodableJsonAndHandlerErrors(CapturedOutput output) {
		try (WsTestConnection connection = this.ws.connect("/json")) {
			String id = idOfOnlyOpenSession("/json");
			assertThat(connection.send(java.util.Map.of("type", "nope"))).closesWith(1007);
			assertThat(causeOf(id)).isEqualTo(WsCloseCause.INVALID_PAYLOAD);
		}
		try (WsTestConnection connection = this.ws.connect("/json")) {
			String id = idOfOnlyOpenSession("/json");
			assertThat(connection.send("{\"type\":\"fail\"}")).closesWith(1011);
			assertThat(causeOf(id)).isEqualTo(WsCloseCause.HANDLER_ERROR);
		}
		try (WsTestConnection connection = this.ws.connect("/json")) {
			String id = idOfOnlyOpenSession("/json");
			assertThat(connection.send(new byte[] { 1 })).closesWith(1003);
			assertThat(causeOf(id)).isEqualTo(WsCloseCause.INVALID_PAYLOAD);
		}
		assertThat(output.getAll()).doesNotContain(" ERROR ");
	}

	@Test
	void aPlainHttpRequestToTheEndpointGets400() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/ws")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("Exception");
	}

}
