package io.github.wsstarter.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * The registry's {@link WsSessionListener}s, each told of every change; one that throws is logged and the others are
 * still told. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
final class SessionListeners {

	private static final Log logger = LogFactory.getLog(SessionListeners.class);

	private final List<WsSessionListener> listeners = new CopyOnWriteArrayList<>();

	void add(WsSessionListener listener) {
		Assert.notNull(listener, "'listener' must not be null");
		this.listeners.add(listener);
	}

	void remove(WsSessionListener listener) {
		this.listeners.remove(listener);
	}

	void opened(DefaultWsSession session) {
		tell((listener) -> listener.opened(session));
	}

	void closed(DefaultWsSession session) {
		tell((listener) -> listener.closed(session));
	}

	void removed(DefaultWsSession session) {
		tell((listener) -> listener.removed(session));
	}

	void joined(DefaultWsSession session, String room) {
		tell((listener) -> listener.joined(session, room));
	}

	void left(DefaultWsSession session, String room) {
		tell((listener) -> listener.left(session, room));
	}

	private void tell(Consumer<WsSessionListener> event) {
		for (WsSessionListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("WebSocket session listener " + listener + " failed", ex);
			}
		}
	}

}
