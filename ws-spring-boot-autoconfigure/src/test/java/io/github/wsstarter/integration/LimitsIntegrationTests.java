package io.github.wsstarter.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.integration.TestClient.Close;
import io.github.wsstarter.session.WsSessionRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection and message-rate limits: handshakes beyond a limit get 503 and open sessions are untouched; a client
 * that floods is closed with 1008. Clients come from different loopback addresses (127.0.0.x).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ws.max-connections=5", "ws.max-connections-per-client=3", "ws.max-messages-per-second=20" })
@ExtendWith(OutputCaptureExtension.class)
class LimitsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsSessionRegistry registry;

	@Autowired
	TestApplication.Events events;

	private final List<RawClient> clients = new ArrayList<>();

	@AfterEach
	void closeClientsAndCheckTheLog(CapturedOutput output) throws Exception {
		for (RawClient client : this.clients) {
			client.close();
		}
		await().atMost(TestClient.TIMEOUT).until(() -> this.registry.size() == 0);
		assertThat(output.getAll()).doesNotContain(" ERROR ");
	}

	private RawClient connect(String address) throws Exception {
		RawClient client = RawClient.connect(this.port, "/ws", address, 0);
		this.clients.add(client);
		return client;
	}

	@Test
	void handshakesBeyondTheLimitsGet503AndOpenSessionsAreUntouched() throws Exception {
		List<RawClient> first = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			// A place of a session an earlier test's server closed comes back once its socket has ended: until then
			// a handshake gets 503
			RawClient client = await().atMost(TestClient.TIMEOUT).until(() -> {
				RawClient attempt = connect("127.0.0.1");
				if (attempt.status() == 101) {
					return attempt;
				}
				attempt.close();
				return null;
			}, Objects::nonNull);
			client.readFrame();
			first.add(client);
		}
		long refusedBefore = this.registry.getStatistics().getRefusedHandshakes();
		assertThat(connect("127.0.0.1").status()).as("4th from one address").isEqualTo(503);
		assertThat(connect("127.0.0.2").status()).isEqualTo(101);
		assertThat(connect("127.0.0.2").status()).isEqualTo(101);
		assertThat(connect("127.0.0.3").status()).as("6th in all").isEqualTo(503);

		RawClient survivor = first.get(1);
		survivor.sendText("still served");
		assertThat(survivor.readFrame().text()).isEqualTo("echo:still served");

		first.get(0).close();
		await().atMost(TestClient.TIMEOUT).until(() -> this.registry.size() == 4);
		assertThat(connect("127.0.0.1").status()).as("a place freed by a close").isEqualTo(101);
		assertThat(this.registry.getStatistics().getRefusedHandshakes()).isEqualTo(refusedBefore + 2);
	}

	@Test
	void aClientThatFloodsIsClosedWith1008AndOthersGoOn() throws Exception {
		try (TestClient calm = TestClient.connect(this.port, "/ws"); TestClient flood = TestClient.connect(this.port, "/ws")) {
			calm.nextText();
			String floodId = flood.nextText().substring(3);
			for (int i = 0; i < 10; i++) {
				assertThat(calm.send("m" + i).nextText()).isEqualTo("echo:m" + i);
			}
			try {
				for (int i = 0; i < 100 && !flood.isClosed(); i++) {
					flood.send("flood " + i);
				}
			}
			catch (CompletionException closedMeanwhile) {
				// the server closed the connection while we were still sending: what we wanted
			}
			assertThat(flood.awaitClose()).isEqualTo(new Close(1008, "rate limit"));
			await().atMost(TestClient.TIMEOUT).until(() -> this.events.closed.containsKey(floodId));
			assertThat(this.events.causes.get(floodId)).isEqualTo(WsCloseCause.RATE_LIMITED);
			assertThat(calm.send("after").nextText()).isEqualTo("echo:after");
		}
	}

}
