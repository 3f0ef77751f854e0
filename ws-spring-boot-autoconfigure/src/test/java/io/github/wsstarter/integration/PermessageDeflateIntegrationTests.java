package io.github.wsstarter.integration;

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
import org.springframework.web.socket.WebSocketSession;

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
		WebSocketSession client = CompressingClient.connect(this.port, received);
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
