package io.github.wsstarter.observation;

import java.util.Map;

import io.github.wsstarter.WsSession;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * A {@code ws.handshake} observation of every handshake to one of the starter's endpoints, with the low-cardinality
 * keys {@code endpoint} (the path the endpoint was registered with) and {@code outcome} ({@code upgraded} or
 * {@code refused}); a child of the HTTP request's observation when there is one. Of the highest precedence, so that
 * it runs before the starter's own checks and sees their refusals too. {@link ObservationWsObserver} keeps it for
 * the session it opened, so that the session's handler calls are observed as its children. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public class WsHandshakeObservationInterceptor implements HandshakeInterceptor, Ordered {

	/** The name of the observation of a handshake. */
	public static final String HANDSHAKE_OBSERVATION = "ws.handshake";

	private static final String ATTRIBUTE = WsHandshakeObservationInterceptor.class.getName() + ".observation";

	private final ObservationRegistry registry;

	private final ThreadLocal<Observation> current = new ThreadLocal<>();

	/**
	 * Create the interceptor.
	 * @param registry the registry
	 */
	public WsHandshakeObservationInterceptor(ObservationRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
	}

	/**
	 * Take the handshake observation out of a newly opened session's attributes.
	 * @param session the session
	 * @return its handshake's observation, or {@code null} if it was not observed
	 */
	static @Nullable Observation takeHandshake(WsSession session) {
		return (session.attributes().remove(ATTRIBUTE) instanceof Observation observation) ? observation : null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (this.registry.isNoop()) {
			return true;
		}
		// The path the endpoint was registered with (no context path, no raw URI: bounded)
		Object pattern = (request instanceof ServletServerHttpRequest servlet)
				? servlet.getServletRequest().getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) : null;
		Observation observation = Observation.createNotStarted(HANDSHAKE_OBSERVATION, this.registry)
			.contextualName("ws handshake")
			.lowCardinalityKeyValue("endpoint", (pattern instanceof String path) ? path : "unknown")
			.start();
		attributes.put(ATTRIBUTE, observation);
		this.current.set(observation);
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		Observation observation = this.current.get();
		this.current.remove();
		if (observation == null) {
			return;
		}
		boolean upgraded = exception == null && (!(response instanceof ServletServerHttpResponse servlet)
				|| servlet.getServletResponse().getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value());
		observation.lowCardinalityKeyValue("outcome", upgraded ? "upgraded" : "refused");
		if (exception != null) {
			observation.error(exception);
		}
		observation.stop();
	}

}
