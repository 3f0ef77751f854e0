package io.github.wsstarter.integration;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.session.WsSessionRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code ws.direct-writes=false}, every frame goes through the Jakarta WebSocket API, and still arrives whole and
 * in order. (A server of its own: the property applies to the whole application.)
 */
@IntegrationTest
@TestPropertySource(properties = "ws.direct-writes=false")
class JakartaWritesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WsSessionRegistry registry;

	@Autowired
	WsBroadcaster broadcaster;

	@Test
	void framesOfEverySizeArriveWhole() {
		FrameSizes.assertEverySizeArrives(this.port, this.registry, this.broadcaster, false);
	}

}
