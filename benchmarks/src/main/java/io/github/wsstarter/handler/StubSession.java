package io.github.wsstarter.handler;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * A Jakarta session whose asynchronous sends complete at once and go nowhere: what is measured is everything
 * before the container. Spring wraps it as it wraps a container's session.
 */
final class StubSession extends StandardWebSocketSession {

	final StubJakartaSession jakarta;

	StubSession(String id) {
		super(new HttpHeaders(), new ConcurrentHashMap<>(), null, null);
		this.jakarta = new StubJakartaSession(id);
		initializeNativeSession(this.jakarta);
	}

	Object last() {
		return this.jakarta.last;
	}

}
