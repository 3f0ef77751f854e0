package io.github.wsstarter.client;

import java.io.IOException;

import io.github.wsstarter.session.DefaultWsSession;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The client's handler for one handshake of a {@link ClientConnection}: the server's endpoint handler, told which
 * connection the new session serves, and telling the connection when the session has opened. A session that comes
 * when the connection no longer wants one (closed, or served by another) is closed before any handler method sees
 * it. Marks the threads that run handler methods, so that {@link DefaultWsClient#close()} knows not to wait for
 * itself.
 *
 * @author ws-spring-boot-starter team
 */
final class ConnectionHandler extends WebSocketHandlerDecorator {

	private static final ThreadLocal<Boolean> IN_HANDLER = new ThreadLocal<>();

	private final ClientConnection connection;

	private final ReconnectScheduler reconnects;

	ConnectionHandler(WebSocketHandler endpoint, ClientConnection connection, ReconnectScheduler reconnects) {
		super(endpoint);
		this.connection = connection;
		this.reconnects = reconnects;
	}

	/** Whether this thread is running a client handler's method. */
	static boolean isHandlerThread() {
		return IN_HANDLER.get() != null;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		if (!this.connection.claim(session.getId())) {
			// A handshake that completed after its connection gave up on it, or found another session
			close(session);
			return;
		}
		// Handler methods get the connection for a WsConnection parameter; the client's registry listener tells
		// the connection of its session before @WsOnInit
		session.getAttributes().put(DefaultWsSession.CONNECTION_ATTRIBUTE, this.connection);
		IN_HANDLER.set(Boolean.TRUE);
		try {
			super.afterConnectionEstablished(session);
		}
		finally {
			IN_HANDLER.remove();
		}
		if (this.connection.opened(session.getId())) {
			this.reconnects.opened(this.connection);
		}
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		IN_HANDLER.set(Boolean.TRUE);
		try {
			super.handleMessage(session, message);
		}
		finally {
			IN_HANDLER.remove();
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		this.connection.closedWith(session.getId(), closeStatus);
		IN_HANDLER.set(Boolean.TRUE);
		try {
			super.afterConnectionClosed(session, closeStatus);
		}
		finally {
			IN_HANDLER.remove();
		}
		if (this.connection.unclaim(session.getId())) {
			// The session never became the connection's (the endpoint refused it as it opened): try again
			this.reconnects.retry(this.connection, "the connection closed as it opened (" + closeStatus + ")");
		}
	}

	private static void close(WebSocketSession session) {
		try {
			session.close(CloseStatus.GOING_AWAY);
		}
		catch (IOException | RuntimeException ex) {
			// closed already
		}
	}

}
