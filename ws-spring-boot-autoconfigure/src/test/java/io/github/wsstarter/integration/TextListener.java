package io.github.wsstarter.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A JDK WebSocket listener that takes everything the server sends and hands over each complete text message (the JDK
 * may deliver one in several parts).
 */
abstract class TextListener implements WebSocket.Listener {

	private final StringBuilder partial = new StringBuilder();

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(Long.MAX_VALUE);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			String message = this.partial.toString();
			this.partial.setLength(0);
			onMessage(message);
		}
		return null;
	}

	/** Called with each complete text message, in order, on the client's thread for this connection. */
	abstract void onMessage(String message);

	/** Connect one client per listener to the path, one after the other, on one HTTP client. */
	static List<WebSocket> connectAll(int port, String path, List<? extends WebSocket.Listener> listeners)
			throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		List<WebSocket> sockets = new ArrayList<>();
		for (WebSocket.Listener listener : listeners) {
			sockets.add(http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + port + path), listener)
				.get(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
		}
		return sockets;
	}

}
