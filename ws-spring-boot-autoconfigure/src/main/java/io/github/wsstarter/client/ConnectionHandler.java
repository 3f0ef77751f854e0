package io.github.wsstarter.client;

import io.github.wsstarter.session.DefaultWsSession;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The client's handler for one handshake of a {@link ClientConnection}: the server's endpoint handler, told which
 * connection the new session serves, and telling the connection when the session has opened and when it is lost.
 *
 * @author ws-spring-boot-starter team
 */
final class ConnectionHandler extends WebSocketHandlerDecorator {

	private final ClientConnection connection;

	private final ReconnectScheduler reconnects;

	ConnectionHandler(WebSocketHandler endpoint, ClientConnection connection, ReconnectScheduler reconnects) {
		super(endpoint);
		this.connection = connection;
		this.reconnects = reconnects;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		// Handler methods get the connection for a WsConnection parameter; the registry's listener tells the
		// connection of its session before @WsOnInit
		session.getAttributes().put(DefaultWsSession.CONNECTION_ATTRIBUTE, this.connection);
		super.afterConnectionEstablished(session);
		if (this.connection.opened(session.getId())) {
			this.reconnects.opened(this.connection);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		super.afterConnectionClosed(session, closeStatus);
		if (this.connection.lost(session.getId())) {
			this.reconnects.lost(this.connection, closeStatus);
		}
		else if (this.connection.isClosed()) {
			this.reconnects.ended(this.connection);
		}
	}

}
