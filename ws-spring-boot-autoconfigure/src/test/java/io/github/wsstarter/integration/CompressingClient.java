package io.github.wsstarter.integration;

import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A client that offers per-message compression, as browsers do: Spring's {@link StandardWebSocketClient} on Tomcat's
 * client, which also answers pings by itself.
 */
final class CompressingClient {

	private CompressingClient() {
	}

	/** Connect to {@code /ws}; every text message received goes to the queue. */
	static WebSocketSession connect(int port, BlockingQueue<String> received) throws Exception {
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		headers.setSecWebSocketExtensions(List.of(new WebSocketExtension("permessage-deflate")));
		return new StandardWebSocketClient().execute(new TextWebSocketHandler() {
			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) {
				received.add(message.getPayload());
			}
		}, headers, URI.create("ws://127.0.0.1:" + port + "/ws")).get(10, TimeUnit.SECONDS);
	}

}
