package io.github.wsstarter.integration;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import io.github.wsstarter.test.WsTestClient;
import io.github.wsstarter.test.WsTestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint that the application secures with Spring Security (see {@code TestApplication.Security}): the
 * handshake needs a user, and the user is the session's principal.
 */
@IntegrationTest
class SecurityIntegrationTests {

	@Autowired
	WsTestClient ws;

	private WsTestClient as(String user, String password) {
		String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return this.ws.header("Authorization", "Basic " + token);
	}

	@Test
	void anUnauthenticatedHandshakeIsRefusedWith401() {
		assertThat(this.ws.expectRefused("/secure")).isEqualTo(401);
		assertThat(as("ann", "wrong").expectRefused("/secure")).isEqualTo(401);
	}

	@Test
	void theAuthenticatedUserIsTheSessionsPrincipal() {
		try (WsTestConnection connection = as("ann", "secret").connect("/secure")) {
			assertThat(connection).receivesText("hello ann");
		}
	}

	@Test
	void otherEndpointsStayOpen() {
		try (WsTestConnection connection = this.ws.connect("/ws")) {
			assertThat(connection.awaitText()).startsWith("id:");
		}
	}

}
