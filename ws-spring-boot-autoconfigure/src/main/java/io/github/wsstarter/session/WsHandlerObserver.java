package io.github.wsstarter.session;

import io.github.wsstarter.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * Wraps every call of one handler method: to time it, or to run it inside an observation. Obtained once per method
 * from {@link WsEndpointObserver#handler}. Thread-safe, cheap, and calling the method exactly once.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
@FunctionalInterface
public interface WsHandlerObserver {

	/** An observer that observes nothing; the starter calls the method directly instead. */
	WsHandlerObserver NONE = (session, call) -> call.proceed();

	/**
	 * Call the handler method, once, through {@code call}, and return what it returns or throw what it throws.
	 * @param session the session the call is for
	 * @param call the call
	 * @return the method's return value
	 * @throws Throwable what the method throws
	 */
	@Nullable Object observe(WsSession session, Call call) throws Throwable;

	/** One call of a handler method. */
	@FunctionalInterface
	interface Call {

		/**
		 * Call the method.
		 * @return its return value
		 * @throws Throwable what it throws
		 */
		@Nullable Object proceed() throws Throwable;

	}

}
