package io.github.wsstarter.session;

/**
 * Told what happens in the starter, for metrics and traces: the starter asks it once per endpoint for that
 * endpoint's {@link WsEndpointObserver}, and tells it of every broadcast. The application or a module (the starter's
 * Micrometer support) provides it as a bean; without one, nothing is observed and nothing is paid for.
 * <p>
 * Implementations must be thread-safe, cheap and must not throw: they are called on the message path, on any
 * thread.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public interface WsObserver {

	/** An observer that observes nothing. */
	WsObserver NONE = new WsObserver() {
	};

	/**
	 * Return one observer that tells each of the given ones everything, in their order; the first wraps handler
	 * calls outermost.
	 * @param observers the observers
	 * @return {@link #NONE} for none, the observer itself for one, else their composite
	 */
	static WsObserver of(java.util.List<WsObserver> observers) {
		return switch (observers.size()) {
			case 0 -> NONE;
			case 1 -> observers.get(0);
			default -> new CompositeWsObserver(observers);
		};
	}

	/**
	 * Return the observer of one endpoint; called once per endpoint path, before its first session.
	 * @param path the endpoint's path, as registered
	 * @return the endpoint's observer, never {@code null}
	 */
	default WsEndpointObserver endpoint(String path) {
		return WsEndpointObserver.NONE;
	}

	/**
	 * A broadcast was sent from this instance: once per call, however many sessions it reaches.
	 * @param scope {@code all}, {@code all_except}, {@code room} or {@code session}
	 */
	default void broadcast(String scope) {
	}

	/**
	 * A cluster probe came back through Redis ({@code ws.cluster.enabled}).
	 * @param roundTrip how long it took
	 */
	default void clusterProbe(java.time.Duration roundTrip) {
	}

}
