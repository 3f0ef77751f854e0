package io.github.wsstarter.autoconfigure;

import java.util.List;
import java.util.Map;

import io.github.wsstarter.session.WsEndpointObserver;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.WebUtils;

/**
 * The first handshake interceptor of an endpoint: tells the endpoint's observer of every handshake that ends without
 * an upgrade, with why. The starter's own interceptors say why they refused ({@link #refuse}); a 403 for an origin
 * that is not allowed is {@code origin}; anything else (an application's interceptor, a request that is no WebSocket
 * handshake) is {@code other}.
 *
 * @author ws-spring-boot-starter team
 */
final class WsHandshakeRefusals implements HandshakeInterceptor {

	private static final String REASON_ATTRIBUTE = WsHandshakeRefusals.class.getName() + ".reason";

	private final WsEndpointObserver observer;

	private final CorsConfiguration origins = new CorsConfiguration();

	WsHandshakeRefusals(WsEndpointObserver observer, List<String> allowedOrigins, List<String> allowedOriginPatterns) {
		this.observer = observer;
		this.origins.setAllowedOrigins(allowedOrigins);
		this.origins.setAllowedOriginPatterns(allowedOriginPatterns);
	}

	/** Say why one of the starter's interceptors refuses the handshake in progress. */
	static void refuse(ServerHttpRequest request, String reason) {
		if (request instanceof ServletServerHttpRequest servlet) {
			servlet.getServletRequest().setAttribute(REASON_ATTRIBUTE, reason);
		}
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		if (!(request instanceof ServletServerHttpRequest servletRequest)
				|| !(response instanceof ServletServerHttpResponse servletResponse)) {
			return;
		}
		if (exception == null && upgraded(response)) {
			return;
		}
		this.observer.handshakeRefused(reason(request, servletRequest.getServletRequest(),
				servletResponse.getServletResponse().getStatus()));
	}

	/** Whether a handshake's response upgraded the connection (101); any response but a servlet one counts. */
	static boolean upgraded(ServerHttpResponse response) {
		return !(response instanceof ServletServerHttpResponse servlet)
				|| servlet.getServletResponse().getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value();
	}

	private String reason(ServerHttpRequest request, HttpServletRequest servlet, int status) {
		if (servlet.getAttribute(REASON_ATTRIBUTE) instanceof String reason) {
			return reason;
		}
		// Spring's origin check, as OriginHandshakeInterceptor makes it
		if (status == HttpStatus.FORBIDDEN.value() && !WebUtils.isSameOrigin(request)
				&& this.origins.checkOrigin(request.getHeaders().getOrigin()) == null) {
			return "origin";
		}
		return "other";
	}

}
