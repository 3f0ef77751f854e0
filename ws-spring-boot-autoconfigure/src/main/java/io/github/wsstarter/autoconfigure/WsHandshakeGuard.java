package io.github.wsstarter.autoconfigure;

import java.util.Map;

import io.github.wsstarter.session.WsServerLifecycle;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses handshakes with 503 while the server does not accept them: after a shutdown, and while the context is
 * stopped.
 *
 * @author ws-spring-boot-starter team
 */
final class WsHandshakeGuard implements HandshakeInterceptor {

	private final WsServerLifecycle lifecycle;

	WsHandshakeGuard(WsServerLifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (!this.lifecycle.isAccepting()) {
			WsHandshakeRefusals.refuse(request, "shutdown");
			response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			return false;
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

}
