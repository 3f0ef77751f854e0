package io.github.wsstarter.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.util.Assert;

/**
 * What observes one registry's sessions, and whether handler calls set the logging MDC: the {@link WsObserver} as
 * the application (or a module) set it, asked once per endpoint, and always called through {@link GuardedObserver},
 * so that an observer that throws never changes what happens to a session. Thread-safe; set before the first
 * session opens.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public final class WsObservers {

	private volatile WsObserver observer = WsObserver.NONE;

	private volatile WsObserver guarded = WsObserver.NONE;

	private volatile boolean loggingMdc = true;

	/** Each endpoint's observer, asked for once per path. */
	private final Map<String, WsEndpointObserver> endpoints = new ConcurrentHashMap<>();

	WsObservers() {
	}

	/**
	 * Set what observes the sessions, for metrics and traces.
	 * @param observer the observer, {@link WsObserver#NONE} for none
	 */
	public void setObserver(WsObserver observer) {
		Assert.notNull(observer, "'observer' must not be null");
		this.observer = observer;
		this.guarded = (observer != WsObserver.NONE) ? new GuardedObserver(observer) : WsObserver.NONE;
		this.endpoints.clear();
	}

	/**
	 * Return what observes the sessions, as it was set.
	 * @return the observer, {@link WsObserver#NONE} when nothing observes them
	 */
	public WsObserver getObserver() {
		return this.observer;
	}

	/**
	 * Set whether handler calls put {@code ws.session} and {@code ws.endpoint} in the logging MDC (SLF4J's).
	 * @param loggingMdc whether they do ({@code true} unless set)
	 */
	public void setLoggingMdc(boolean loggingMdc) {
		this.loggingMdc = loggingMdc;
	}

	/**
	 * Return whether handler calls put the session in the logging MDC.
	 * @return whether they do
	 */
	public boolean isLoggingMdc() {
		return this.loggingMdc;
	}

	/**
	 * Return the observer of one endpoint, asked of the {@link WsObserver} once per path; it never throws.
	 * @param path the endpoint's path
	 * @return its observer
	 */
	public WsEndpointObserver endpoint(String path) {
		WsEndpointObserver observer = this.endpoints.get(path);
		return (observer != null) ? observer : this.endpoints.computeIfAbsent(path, this.guarded::endpoint);
	}

	/**
	 * Tell of a broadcast sent from this instance; never throws.
	 * @param scope {@code all}, {@code all_except}, {@code room} or {@code session}
	 */
	public void broadcast(String scope) {
		this.guarded.broadcast(scope);
	}

	/**
	 * Tell of a cluster probe that came back; never throws.
	 * @param roundTrip how long it took
	 */
	public void clusterProbe(Duration roundTrip) {
		this.guarded.clusterProbe(roundTrip);
	}

}
