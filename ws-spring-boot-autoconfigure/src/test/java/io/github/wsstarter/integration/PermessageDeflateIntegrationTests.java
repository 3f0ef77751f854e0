package io.github.wsstarter.integration;

import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsSessionRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code ws.permessage-deflate=false} a client that offers compression, as every browser does, gets none, and its
 * session takes the direct-write path.
 */
@IntegrationTest
@TestPropertySource(properties = "ws.permessage-deflate=false")
class PermessageDeflateIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsSessionRegistry registry;

	@Autowired
	WsBroadcaster broadcaster;

	@Test
	void anOfferOfCompressionIsDeclinedAndTheSessionIsWrittenDirectly() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		headers.setSecWebSocketExtensions(List.of(new WebSocketExtension("permessage-deflate")));
		WebSocketSession client = new StandardWebSocketClient().execute(new TextWebSocketHandler() {
			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) {
				received.add(message.getPayload());
			}
		}, headers, URI.create("ws://127.0.0.1:" + this.port + "/ws")).get(10, TimeUnit.SECONDS);
		try {
			assertThat(client.getExtensions()).isEmpty();
			String id = received.poll(10, TimeUnit.SECONDS).substring(3);
			DefaultWsSession session = this.registry.get(id);
			assertThat(session.isDirectWrite()).isTrue();
			this.broadcaster.send(id, "direct");
			assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("direct");
		}
		finally {
			client.close();
		}
	}

}
