package io.github.wsstarter.bench.raw;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsstarter.bench.common.HeapEndpoint;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Benchmark target written as users write Spring WebSocket code today: a {@link TextWebSocketHandler}, and for
 * broadcasts a map of sessions wrapped in {@link ConcurrentWebSocketSessionDecorator} (10 s, 512 KB). The starter is
 * on the class path but switched off ({@code ws.enabled=false}).
 */
@SpringBootApplication
@Import(HeapEndpoint.class)
public class SpringRawTarget {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SpringRawTarget.class);
		application.setDefaultProperties(Map.of("ws.enabled", "false", "spring.main.banner-mode", "off",
				"logging.level.root", "warn"));
		application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class WebSocketConfiguration implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new Echo(), "/echo").setAllowedOrigins("*");
			registry.addHandler(new Broadcast(), "/broadcast").setAllowedOrigins("*");
		}

	}

	static class Echo extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
			session.sendMessage(message);
		}

	}

	static class Broadcast extends TextWebSocketHandler {

		private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws IOException {
			WebSocketSession decorated = new ConcurrentWebSocketSessionDecorator(session, 10_000, 512 * 1024);
			this.sessions.put(session.getId(), decorated);
			// Tells the client that broadcasts reach it from now on
			decorated.sendMessage(new TextMessage("ready"));
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			for (WebSocketSession other : this.sessions.values()) {
				if (!other.getId().equals(session.getId())) {
					try {
						other.sendMessage(message);
					}
					catch (IOException | RuntimeException ex) {
						// a failed session is dropped by afterConnectionClosed
					}
				}
			}
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.sessions.remove(session.getId());
		}

	}

}
