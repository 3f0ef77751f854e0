package io.github.wsstarter.client;

import java.net.URI;
import java.util.ArrayDeque;

import io.github.wsstarter.WsException;
import io.github.wsstarter.session.DefaultWsSession;

import org.springframework.web.socket.WebSocketMessage;

/**
 * What a {@link ClientConnection} keeps while it is down ({@code bufferWhileDisconnected}), bounded in payload
 * bytes, and the one rule of what a send while down does: kept, or refused with a {@link WsException} that says why.
 * Not thread-safe: guarded by its connection's lock.
 *
 * @author ws-spring-boot-starter team
 */
final class DisconnectedBuffer {

	private final URI uri;

	private final int limit;

	private final ArrayDeque<WebSocketMessage<?>> messages = new ArrayDeque<>();

	private long bytes;

	DisconnectedBuffer(URI uri, int limit) {
		this.uri = uri;
		this.limit = limit;
	}

	/**
	 * Keep a message sent while down.
	 * @throws WsException if nothing is kept (no buffer), or the buffer is full
	 */
	void add(WebSocketMessage<?> message, int attempt) {
		if (this.limit <= 0) {
			throw new WsException("Not connected to " + this.uri + ": reconnecting (attempt " + attempt
					+ "); build the client with bufferWhileDisconnected(maxBytes) to keep messages until then");
		}
		int size = message.getPayloadLength();
		if (this.bytes + size > this.limit) {
			throw new WsException("Not connected to " + this.uri + ": reconnecting (attempt " + attempt + "), and the "
					+ this.limit + " bytes kept until then are used up (" + this.bytes + " bytes wait, this message has "
					+ size + ")");
		}
		this.messages.add(message);
		this.bytes += size;
	}

	/** Queue what was kept on the new session, in order; what it refuses (it closed meanwhile) stays. */
	void flushTo(DefaultWsSession session) {
		while (!this.messages.isEmpty() && session.deliver(this.messages.peek())) {
			this.bytes -= this.messages.remove().getPayloadLength();
		}
	}

	void clear() {
		this.messages.clear();
		this.bytes = 0;
	}

}
