package io.github.wsstarter.integration;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint that the application secures with Spring Security (see {@code TestApplication.Security}): the
 * handshake needs a user, and the user is the session's principal.
 */
@IntegrationTest
class SecurityIntegrationTests {

	@LocalServerPort
	int port;

	private static Map<String, String> basic(String user, String password) {
		String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return Map.of("Authorization", "Basic " + token);
	}

	@Test
	void anUnauthenticatedHandshakeIsRefusedWith401() {
		assertThat(TestClient.handshakeStatus(this.port, "/secure", Map.of())).isEqualTo(401);
		assertThat(TestClient.handshakeStatus(this.port, "/secure", basic("ann", "wrong"))).isEqualTo(401);
	}

	@Test
	void theAuthenticatedUserIsTheSessionsPrincipal() {
		try (TestClient client = TestClient.connect(this.port, "/secure", basic("ann", "secret"))) {
			assertThat(client.nextText()).isEqualTo("hello ann");
		}
	}

	@Test
	void otherEndpointsStayOpen() {
		try (TestClient client = TestClient.connect(this.port, "/ws")) {
			assertThat(client.nextText()).startsWith("id:");
		}
	}

}
