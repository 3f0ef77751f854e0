package io.github.wsstarter.integration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ws.idle-timeout} closes a silent session; a server of its own, so that no other test can idle into it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ws.idle-timeout=1s")
class IdleTimeoutIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void idleSessionIsClosedWith1001() {
		try (TestClient client = TestClient.connect(this.port, "/ws")) {
			client.nextText();
			// Tomcat looks for idle sessions about every 10 seconds, and TestClient waits 10 at most: wait twice
			assertThat(awaitCloseCode(client)).isEqualTo(1001);
		}
	}

	private static int awaitCloseCode(TestClient client) {
		try {
			return client.awaitClose().code();
		}
		catch (IllegalStateException timeout) {
			return client.awaitClose().code();
		}
	}

}
