package io.github.wsstarter.integration;

import java.util.Map;

import io.github.wsstarter.WsEndpoint;
import io.github.wsstarter.WsOnMessage;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default endpoint exists only when a handler bean uses it: in an application whose only handler is
 * {@code @WsEndpoint("/chat")}, a handshake to {@code /ws} gets 404 while {@code /chat} works. A server of its own.
 */
@SpringBootTest(classes = NoDefaultEndpointIntegrationTests.ChatOnlyApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class NoDefaultEndpointIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void aHandshakeToTheDefaultPathGets404WhileTheOnlyEndpointWorks() {
		assertThat(TestClient.handshakeStatus(this.port, "/ws", Map.of())).isEqualTo(404);
		try (TestClient client = TestClient.connect(this.port, "/chat")) {
			assertThat(client.send("hi").nextText()).isEqualTo("chat:hi");
		}
	}

	/** The starter and one handler bean, on /chat. Not a {@code @Configuration}: see {@link CallbackApplication}. */
	@EnableAutoConfiguration(excludeName = { CallbackApplication.SECURITY, CallbackApplication.USER_DETAILS,
			CallbackApplication.SERVLET_SECURITY, CallbackApplication.SECURITY_FILTER,
		CallbackApplication.MANAGEMENT_SECURITY })
	static class ChatOnlyApplication {

		@Bean
		Chat chat() {
			return new Chat();
		}

	}

	@WsEndpoint("/chat")
	static class Chat {

		@WsOnMessage
		String said(String text) {
			return "chat:" + text;
		}

	}

}
