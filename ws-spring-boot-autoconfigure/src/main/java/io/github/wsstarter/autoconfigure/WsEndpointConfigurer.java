package io.github.wsstarter.autoconfigure;

import java.util.List;

import io.github.wsstarter.handler.WsHandlerMethodDetector;
import io.github.wsstarter.session.WsMessageEncoder;
import io.github.wsstarter.session.WsServerLifecycle;
import io.github.wsstarter.session.WsSessionRegistry;

import org.springframework.core.Ordered;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Registers one Spring WebSocket handler per endpoint path, with the allowed origins, the shutdown guard, the
 * application's {@link HandshakeInterceptor} beans and the {@link WsEndpointRegistrationCustomizer}s.
 *
 * @author ws-spring-boot-starter team
 */
final class WsEndpointConfigurer implements WebSocketConfigurer {

	private final WsHandlerMethodDetector detector;

	private final WsSessionRegistry sessions;

	private final WsServerLifecycle lifecycle;

	private final WsMessageEncoder encoder;

	private final WsProperties properties;

	private final List<HandshakeInterceptor> interceptors;

	private final List<WsEndpointRegistrationCustomizer> customizers;

	WsEndpointConfigurer(WsHandlerMethodDetector detector, WsSessionRegistry sessions, WsServerLifecycle lifecycle,
			WsMessageEncoder encoder, WsProperties properties, List<HandshakeInterceptor> interceptors,
			List<WsEndpointRegistrationCustomizer> customizers) {
		this.detector = detector;
		this.sessions = sessions;
		this.lifecycle = lifecycle;
		this.encoder = encoder;
		this.properties = properties;
		this.interceptors = interceptors;
		this.customizers = customizers;
	}

	/** Whether an interceptor runs before the starter's own checks: one of a negative order. */
	private static boolean first(HandshakeInterceptor interceptor) {
		return interceptor instanceof Ordered ordered && ordered.getOrder() < 0;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		HandshakeInterceptor guard = new WsHandshakeGuard(this.lifecycle);
		// One limiter for all endpoints: the limits are per application
		HandshakeInterceptor limiter = new WsConnectionLimiter(this.properties.getMaxConnections(),
				this.properties.getMaxConnectionsPerClient(), this.sessions.getStatistics());
		WsHandshakeHandler handshakeHandler = new WsHandshakeHandler(this.properties.isPermessageDeflate());
		for (String path : this.detector.endpointPaths()) {
			WebSocketHandler handler = this.detector.createHandler(path, this.sessions, () -> !this.lifecycle.isAccepting(),
					this.encoder.getJsonMapper(), this.properties.getTypeField());
			WebSocketHandlerRegistration registration = registry.addHandler(handler, path)
				.setHandshakeHandler(handshakeHandler)
				.setAllowedOrigins(this.properties.getAllowedOrigins().toArray(String[]::new))
				.setAllowedOriginPatterns(this.properties.getAllowedOriginPatterns().toArray(String[]::new))
				// The application's of a negative order (the handshake observation) first, then the starter's checks
				.addInterceptors(this.interceptors.stream().filter(WsEndpointConfigurer::first)
					.toArray(HandshakeInterceptor[]::new))
				.addInterceptors(new WsHandshakeRefusals(this.sessions.observers().endpoint(path),
						this.properties.getAllowedOrigins(), this.properties.getAllowedOriginPatterns()), guard, limiter)
				.addInterceptors(this.interceptors.stream().filter((interceptor) -> !first(interceptor))
					.toArray(HandshakeInterceptor[]::new));
			this.customizers.forEach((customizer) -> customizer.customize(path, registration));
			this.sessions.addEndpointPath(path);
		}
	}

}
