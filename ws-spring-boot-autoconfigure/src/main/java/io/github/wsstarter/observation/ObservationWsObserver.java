package io.github.wsstarter.observation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.session.WsEndpointObserver;
import io.github.wsstarter.session.WsHandlerObserver;
import io.github.wsstarter.session.WsObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * {@link WsObserver} that runs every handler call in a {@code ws.handler} observation, with the low-cardinality keys
 * {@code endpoint}, {@code event}, {@code method} and {@code outcome}, as a child of the session's handshake
 * observation ({@link WsHandshakeObservationInterceptor}). The observation is current while the method runs, so what
 * the method does (a database call, an HTTP request) is observed as part of it. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public class ObservationWsObserver implements WsObserver {

	/** The name of the observation of a handler call. */
	public static final String HANDLER_OBSERVATION = "ws.handler";

	private final ObservationRegistry registry;

	/** The handshake of each open session, the parent of its handler calls' observations. */
	private final Map<String, Observation> handshakes = new ConcurrentHashMap<>();

	/**
	 * Create an observer that observes through the given registry.
	 * @param registry the registry
	 */
	public ObservationWsObserver(ObservationRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
	}

	@Override
	public WsEndpointObserver endpoint(String path) {
		return new WsEndpointObserver() {

			@Override
			public void sessionOpened(WsSession session) {
				Observation handshake = WsHandshakeObservationInterceptor.takeHandshake(session);
				if (handshake != null) {
					ObservationWsObserver.this.handshakes.put(session.id(), handshake);
				}
			}

			@Override
			public void sessionClosed(WsSession session, CloseStatus status, WsCloseCause cause, Duration duration) {
				ObservationWsObserver.this.handshakes.remove(session.id());
			}

			@Override
			public WsHandlerObserver handler(String event, String method) {
				return observer(path, event, method);
			}

		};
	}

	private WsHandlerObserver observer(String path, String event, String method) {
		if (this.registry.isNoop()) {
			return WsHandlerObserver.NONE;
		}
		String contextualName = "ws " + event + " " + method;
		return (session, call) -> {
			Observation observation = Observation.createNotStarted(HANDLER_OBSERVATION, this.registry)
				.contextualName(contextualName)
				.lowCardinalityKeyValue("endpoint", path)
				.lowCardinalityKeyValue("event", event)
				.lowCardinalityKeyValue("method", method)
				.parentObservation(this.handshakes.get(session.id()))
				.start();
			try (Observation.Scope scope = observation.openScope()) {
				Object result = call.proceed();
				observation.lowCardinalityKeyValue("outcome", "success");
				return result;
			}
			catch (Throwable ex) {
				observation.lowCardinalityKeyValue("outcome", "error");
				observation.error(ex);
				throw ex;
			}
			finally {
				observation.stop();
			}
		};
	}

}
