package io.github.wsstarter.observation;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.github.wsstarter.WsSession;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * A {@code ws.handshake} observation of every handshake the starter's own checks let through, with the
 * low-cardinality keys {@code endpoint} and {@code outcome} ({@code upgraded} or {@code refused}); a child of the
 * HTTP request's observation when there is one. The session keeps it, so that its handler calls are observed as its
 * children ({@link ObservationWsObserver}). Thread-safe.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public class WsHandshakeObservationInterceptor implements HandshakeInterceptor {

	/** The name of the observation of a handshake. */
	public static final String HANDSHAKE_OBSERVATION = "ws.handshake";

	private static final String ATTRIBUTE = WsHandshakeObservationInterceptor.class.getName() + ".observation";

	private final ObservationRegistry registry;

	private final Supplier<Set<String>> endpoints;

	private final ThreadLocal<Observation> current = new ThreadLocal<>();

	/**
	 * Create the interceptor.
	 * @param registry the registry
	 * @param endpoints the endpoint paths, the only values of the {@code endpoint} key (anything else is
	 * {@code unknown})
	 */
	public WsHandshakeObservationInterceptor(ObservationRegistry registry, Supplier<Set<String>> endpoints) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(endpoints, "'endpoints' must not be null");
		this.registry = registry;
		this.endpoints = endpoints;
	}

	/**
	 * Return the handshake observation of a session.
	 * @param session the session
	 * @return its handshake's observation, or {@code null} if it was not observed
	 */
	static @Nullable Observation handshake(WsSession session) {
		return (session.attributes().get(ATTRIBUTE) instanceof Observation observation) ? observation : null;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (this.registry.isNoop()) {
			return true;
		}
		String path = request.getURI().getPath();
		Observation observation = Observation.createNotStarted(HANDSHAKE_OBSERVATION, this.registry)
			.contextualName("ws handshake")
			.lowCardinalityKeyValue("endpoint", this.endpoints.get().contains(path) ? path : "unknown")
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
