package io.github.wsstarter.session;

import java.time.Duration;
import java.util.List;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;

import org.springframework.web.socket.CloseStatus;

/**
 * Several {@link WsObserver}s as one, each told everything in their order; handler calls are wrapped by the first
 * outermost. Made by {@link WsObserver#of}.
 *
 * @author ws-spring-boot-starter team
 */
final class CompositeWsObserver implements WsObserver {

	private final List<WsObserver> observers;

	CompositeWsObserver(List<WsObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	@Override
	public WsEndpointObserver endpoint(String path) {
		return new Endpoint(this.observers.stream().map((observer) -> observer.endpoint(path)).toList());
	}

	@Override
	public void broadcast(String scope) {
		this.observers.forEach((observer) -> observer.broadcast(scope));
	}

	@Override
	public void clusterProbe(Duration roundTrip) {
		this.observers.forEach((observer) -> observer.clusterProbe(roundTrip));
	}

	private record Endpoint(List<WsEndpointObserver> observers) implements WsEndpointObserver {

		@Override
		public void sessionOpened(WsSession session) {
			this.observers.forEach((observer) -> observer.sessionOpened(session));
		}

		@Override
		public void sessionClosed(WsSession session, CloseStatus status, WsCloseCause cause, Duration duration) {
			this.observers.forEach((observer) -> observer.sessionClosed(session, status, cause, duration));
		}

		@Override
		public void messageReceived(boolean binary, long bytes) {
			this.observers.forEach((observer) -> observer.messageReceived(binary, bytes));
		}

		@Override
		public void messageQueued(boolean binary, long bytes, long waiting) {
			for (WsEndpointObserver observer : this.observers) {
				observer.messageQueued(binary, bytes, waiting);
			}
		}

		@Override
		public void messageDropped() {
			this.observers.forEach(WsEndpointObserver::messageDropped);
		}

		@Override
		public void slowConsumer() {
			this.observers.forEach(WsEndpointObserver::slowConsumer);
		}

		@Override
		public void rateLimited() {
			this.observers.forEach(WsEndpointObserver::rateLimited);
		}

		@Override
		public void handshakeRefused(String reason) {
			this.observers.forEach((observer) -> observer.handshakeRefused(reason));
		}

		@Override
		public void heartbeatRoundTrip(Duration roundTrip) {
			this.observers.forEach((observer) -> observer.heartbeatRoundTrip(roundTrip));
		}

		@Override
		public void heartbeatTimeout() {
			this.observers.forEach(WsEndpointObserver::heartbeatTimeout);
		}

		@Override
		public WsHandlerObserver handler(String event, String method) {
			WsHandlerObserver chain = WsHandlerObserver.NONE;
			// Innermost last: the first observer's wrapper runs outermost
			for (int i = this.observers.size() - 1; i >= 0; i--) {
				WsHandlerObserver outer = this.observers.get(i).handler(event, method);
				if (outer == WsHandlerObserver.NONE) {
					continue;
				}
				WsHandlerObserver inner = chain;
				chain = (inner == WsHandlerObserver.NONE) ? outer
						: (session, call) -> outer.observe(session, () -> inner.observe(session, call));
			}
			return chain;
		}

	}

}
