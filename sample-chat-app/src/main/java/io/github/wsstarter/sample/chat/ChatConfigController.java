package io.github.wsstarter.sample.chat;

import java.util.Map;

import io.github.wsstarter.autoconfigure.WsProperties;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells the page what application.yml says: where the WebSocket endpoint is, which rooms exist, and the limits to
 * check before sending.
 */
@RestController
class ChatConfigController {

	private final Map<String, Object> config;

	ChatConfigController(WsProperties ws, ChatProperties chat) {
		this.config = Map.of("path", ws.getPath(), "rooms", chat.rooms(), "maxMessageLength", chat.maxMessageLength(),
				"maxNickLength", chat.maxNickLength());
	}

	@GetMapping("/chat/config")
	Map<String, Object> config() {
		return this.config;
	}

}
