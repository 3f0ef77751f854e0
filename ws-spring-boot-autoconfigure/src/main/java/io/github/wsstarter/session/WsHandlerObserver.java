package io.github.wsstarter.session;

/**
 * Told of every call of one handler method, with how long it took. Obtained once per method from
 * {@link WsEndpointObserver#handler}. Thread-safe, cheap and never throwing.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
@FunctionalInterface
public interface WsHandlerObserver {

	/** An observer that observes nothing; the starter does not even read the clock for it. */
	WsHandlerObserver NONE = (nanos, success) -> {
	};

	/**
	 * The method returned or threw.
	 * @param nanos how long it ran
	 * @param success {@code false} if it threw
	 */
	void invoked(long nanos, boolean success);

}
