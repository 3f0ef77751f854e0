package io.github.wsstarter.integration;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

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

}
