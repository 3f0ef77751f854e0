package io.github.wsstarter.sample.chat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * The whole chat: replay the recent history to a new client, broadcast every message to everybody.
 */
@Component
class Chat {

	private static final Logger log = LoggerFactory.getLogger(Chat.class);

	private final WsBroadcaster broadcaster;

	private final int historySize;

	// Guarded by itself: appended by message threads, replayed by handshake threads
	private final Deque<String> history = new ArrayDeque<>();

	Chat(WsBroadcaster broadcaster, @Value("${chat.history-size:100}") int historySize) {
		this.broadcaster = broadcaster;
		this.historySize = historySize;
	}

	@WsOnInit
	void joined(WsSession session) {
		List<String> recent;
		synchronized (this.history) {
			recent = List.copyOf(this.history);
		}
		recent.forEach(session::send);
	}

	@WsOnMessage
	void said(WsSession session, String text) {
		synchronized (this.history) {
			this.history.addLast(text);
			if (this.history.size() > this.historySize) {
				this.history.removeFirst();
			}
		}
		this.broadcaster.sendAll(text);
	}

	@WsOnClose
	void left(WsSession session, CloseStatus status) {
		log.info("{} left: {}", session.id(), status);
	}

}
