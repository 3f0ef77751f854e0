package io.github.wsstarter.session;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;

/**
 * An observer whose failures are caught: logged at WARN once per observer and method, and otherwise ignored, so that
 * a broken observer never stops a write, an opening or a close. A handler observer is left as it is: what it throws
 * is the handler call's outcome.
 *
 * @author ws-spring-boot-starter team
 */
final class GuardedObserver implements WsObserver {

	private static final Log logger = LogFactory.getLog(GuardedObserver.class);

	private final WsObserver delegate;

	/** What has failed already: logged once each. */
	private final Set<String> failed = ConcurrentHashMap.newKeySet();

	GuardedObserver(WsObserver delegate) {
		this.delegate = delegate;
	}

	void failed(Object observer, String method, RuntimeException ex) {
		if (this.failed.add(observer.getClass().getName() + "." + method)) {
			logger.warn("WebSocket observer " + observer.getClass().getName() + " failed in " + method
					+ "; ignored (further failures there are not logged)", ex);
		}
	}

	@Override
	public WsEndpointObserver endpoint(String path) {
		try {
			return new Endpoint(this.delegate.endpoint(path));
		}
		catch (RuntimeException ex) {
			failed(this.delegate, "endpoint", ex);
			return WsEndpointObserver.NONE;
		}
	}

	@Override
	public void broadcast(String scope) {
		try {
			this.delegate.broadcast(scope);
		}
		catch (RuntimeException ex) {
			failed(this.delegate, "broadcast", ex);
		}
	}

	@Override
	public void clusterProbe(Duration roundTrip) {
		try {
			this.delegate.clusterProbe(roundTrip);
		}
		catch (RuntimeException ex) {
			failed(this.delegate, "clusterProbe", ex);
		}
	}

	private final class Endpoint implements WsEndpointObserver {

		private final WsEndpointObserver delegate;

		Endpoint(WsEndpointObserver delegate) {
			this.delegate = delegate;
		}

		private void guard(String method, Runnable call) {
			try {
				call.run();
			}
			catch (RuntimeException ex) {
				failed(this.delegate, method, ex);
			}
		}

		@Override
		public void sessionOpened(WsSession session) {
			guard("sessionOpened", () -> this.delegate.sessionOpened(session));
		}

		@Override
		public void sessionClosed(WsSession session, CloseStatus status, WsCloseCause cause, Duration duration) {
			guard("sessionClosed", () -> this.delegate.sessionClosed(session, status, cause, duration));
		}

		@Override
		public void messageReceived(boolean binary, long bytes) {
			try {
				this.delegate.messageReceived(binary, bytes);
			}
			catch (RuntimeException ex) {
				failed(this.delegate, "messageReceived", ex);
			}
		}

		@Override
		public void messageQueued(boolean binary, long bytes, long waiting) {
			try {
				this.delegate.messageQueued(binary, bytes, waiting);
			}
			catch (RuntimeException ex) {
				failed(this.delegate, "messageQueued", ex);
			}
		}

		@Override
		public void messageDropped() {
			guard("messageDropped", this.delegate::messageDropped);
		}

		@Override
		public void slowConsumer() {
			guard("slowConsumer", this.delegate::slowConsumer);
		}

		@Override
		public void rateLimited() {
			guard("rateLimited", this.delegate::rateLimited);
		}

		@Override
		public void handshakeRefused(String reason) {
			guard("handshakeRefused", () -> this.delegate.handshakeRefused(reason));
		}

		@Override
		public void heartbeatRoundTrip(Duration roundTrip) {
			guard("heartbeatRoundTrip", () -> this.delegate.heartbeatRoundTrip(roundTrip));
		}

		@Override
		public void heartbeatTimeout() {
			guard("heartbeatTimeout", this.delegate::heartbeatTimeout);
		}

		@Override
		public WsHandlerObserver handler(String event, String method) {
			try {
				return this.delegate.handler(event, method);
			}
			catch (RuntimeException ex) {
				failed(this.delegate, "handler", ex);
				return WsHandlerObserver.NONE;
			}
		}

	}

}
