package io.github.wsstarter.handler;

import io.github.wsstarter.WsSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

/**
 * The logging MDC during a handler call: {@code ws.session} (the session id) and {@code ws.endpoint} (its path), so
 * that the application's own log lines from a handler say which connection they are about. What was there before is
 * put back after the call. Nothing happens without SLF4J on the class path.
 *
 * @author ws-spring-boot-starter team
 */
final class HandlerMdc {

	static final String SESSION_KEY = "ws.session";

	static final String ENDPOINT_KEY = "ws.endpoint";

	private static final boolean PRESENT = ClassUtils.isPresent("org.slf4j.MDC", HandlerMdc.class.getClassLoader());

	private static final HandlerMdc NONE = new HandlerMdc(null, null, false);

	private final @Nullable String previousSession;

	private final @Nullable String previousEndpoint;

	private final boolean set;

	private HandlerMdc(@Nullable String previousSession, @Nullable String previousEndpoint, boolean set) {
		this.previousSession = previousSession;
		this.previousEndpoint = previousEndpoint;
		this.set = set;
	}

	/** Put the session's keys in the MDC of this thread until {@link #close()}, if {@code enabled}. */
	static HandlerMdc put(WsSession session, boolean enabled) {
		if (!enabled || !PRESENT) {
			return NONE;
		}
		HandlerMdc previous = new HandlerMdc(MDC.get(SESSION_KEY), MDC.get(ENDPOINT_KEY), true);
		MDC.put(SESSION_KEY, session.id());
		MDC.put(ENDPOINT_KEY, session.path());
		return previous;
	}

	/** Put back what the MDC held before. */
	void close() {
		if (!this.set) {
			return;
		}
		restore(SESSION_KEY, this.previousSession);
		restore(ENDPOINT_KEY, this.previousEndpoint);
	}

	private static void restore(String key, @Nullable String previous) {
		if (previous != null) {
			MDC.put(key, previous);
		}
		else {
			MDC.remove(key);
		}
	}

}
