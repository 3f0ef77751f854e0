package io.github.wsstarter.handler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsDecodeException;
import io.github.wsstarter.WsException;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.SessionCallbacks;
import io.github.wsstarter.session.WsClosePolicy;
import io.github.wsstarter.session.WsIoExecutors;
import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsSessionSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Spring {@link WebSocketHandler} of one endpoint: registers sessions, dispatches each event to the endpoint's
 * methods, and applies the error policy. Nothing escapes to Spring's {@code ExceptionWebSocketHandlerDecorator}
 * (which would log at ERROR): every failure ends in an {@code @WsOnError} method or in a WARN and a close code.
 *
 * @author ws-spring-boot-starter team
 */
final class WsEndpointHandler implements WebSocketHandler {

	private static final Log logger = LogFactory.getLog(WsEndpointHandler.class);

	private final WsEndpointMethods methods;

	private final WsSessionRegistry sessions;

	private final BooleanSupplier shutdown;

	private final JsonMapper jsonMapper;

	private final String typeField;

	private final InboundAssembler assembler;

	WsEndpointHandler(WsEndpointMethods methods, WsSessionRegistry sessions, BooleanSupplier shutdown,
			JsonMapper jsonMapper, String typeField) {
		this.methods = methods;
		this.sessions = sessions;
		this.shutdown = shutdown;
		this.jsonMapper = jsonMapper;
		this.typeField = typeField;
		WsSessionSettings settings = sessions.getSettings();
		this.assembler = new InboundAssembler(settings.maxTextMessageSize(), settings.maxBinaryMessageSize());
	}

	private WsEndpointMethods methods() {
		if (!this.methods.isFrozen()) {
			this.methods.freeze(this.jsonMapper, this.sessions.observers().endpoint(this.methods.path()),
					this.sessions.observers().isLoggingMdc());
		}
		return this.methods;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession webSocketSession) {
		if (this.shutdown.getAsBoolean()) {
			// Never registered, so the registry will not give back what the handshake reserved: do it here
			if (webSocketSession.getAttributes().remove(WsSessionRegistry.PERMIT_ATTRIBUTE) instanceof Runnable permit) {
				permit.run();
			}
			close(webSocketSession, CloseStatus.GOING_AWAY);
			return;
		}
		DefaultWsSession session;
		try {
			session = this.sessions.open(webSocketSession, this.methods.path());
		}
		catch (WsException ex) {
			logger.warn("Closing WebSocket session '" + webSocketSession.getId() + "' with 1011: " + ex.getMessage());
			close(webSocketSession, WsClosePolicy.INTERNAL_ERROR);
			return;
		}
		if (this.shutdown.getAsBoolean()) {
			// shutdown() ran between the check and the registration, and may have missed this session. It leaves
			// the registry before closing: a session that never reached @WsOnInit does not reach @WsOnClose
			this.sessions.remove(session);
			close(webSocketSession, CloseStatus.GOING_AWAY);
			return;
		}
		// The session was opened inside its opening callback: a close from now on waits for @WsOnInit
		SessionCallbacks callbacks = session.callbacks();
		try {
			WsInvocation invocation = WsInvocation.open(session);
			for (WsHandlerMethod method : methods().init()) {
				if (!call(method, invocation)) {
					return;
				}
			}
		}
		finally {
			callbacks.exit();
		}
	}

	private static void close(WebSocketSession session, CloseStatus status) {
		try {
			session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not close WebSocket session '" + session.getId() + "' with " + status, ex);
		}
	}

	@Override
	public void handleMessage(WebSocketSession webSocketSession, WebSocketMessage<?> message) {
		DefaultWsSession session = this.sessions.get(webSocketSession.getId());
		if (session == null || !session.isOpen()) {
			return;
		}
		SessionCallbacks callbacks = session.callbacks();
		if (!callbacks.enter()) {
			return;
		}
		try {
			dispatch(session, message);
		}
		finally {
			callbacks.exit();
		}
	}

	private void dispatch(DefaultWsSession session, WebSocketMessage<?> message) {
		if (message instanceof PongMessage pong) {
			handlePong(session, pong);
			return;
		}
		if (!message.isLast()) {
			session.partReceived();
		}
		else if ((message instanceof TextMessage || message instanceof BinaryMessage) && !session.tryAcceptMessage()) {
			this.sessions.clientFaults().warn(WsCloseCause.RATE_LIMITED, "Closing " + session.describe()
					+ " with 1008: more than "
					+ this.sessions.getSettings().maxMessagesPerSecond() + " messages per second");
			this.sessions.getStatistics().rateLimited();
			session.observer().rateLimited();
			session.close(WsCloseCause.RATE_LIMITED);
			return;
		}
		if (message instanceof TextMessage text) {
			Object whole = this.assembler.text(session.id(), text.getPayload(), text.isLast());
			if (whole instanceof String payload) {
				session.observer().messageReceived(false, payload.length());
				handleText(InboundFrame.text(session, payload, this.jsonMapper, this.typeField));
			}
			else if (whole == InboundAssembler.TOO_BIG) {
				session.close(WsCloseCause.MESSAGE_TOO_BIG);
			}
		}
		else if (message instanceof BinaryMessage binary) {
			Object whole = this.assembler.binary(session.id(), binary.getPayload(), binary.isLast());
			if (whole instanceof ByteBuffer payload) {
				session.observer().messageReceived(true, payload.remaining());
				handleBinary(InboundFrame.binary(session, payload, this.jsonMapper, this.typeField));
			}
			else if (whole == InboundAssembler.TOO_BIG) {
				session.close(WsCloseCause.MESSAGE_TOO_BIG);
			}
		}
	}

	private void handlePong(DefaultWsSession session, PongMessage pong) {
		Duration roundTripTime = session.pong(pong.getPayload());
		if (roundTripTime == null) {
			return; // a pong that answers no ping of ours: a client may send them unasked
		}
		WsInvocation invocation = WsInvocation.pong(session, roundTripTime);
		callAll(methods().pong(), invocation);
	}

	/** Call methods whose failure has nowhere to go (the session is closing, or it was a pong): log it, go on. */
	private static void callAll(WsHandlerMethod[] methods, WsInvocation invocation) {
		for (WsHandlerMethod method : methods) {
			try {
				method.invoke(invocation);
			}
			catch (VirtualMachineError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				logger.warn(method + " threw for " + invocation.session().describe(), ex);
			}
		}
	}

	private void handleText(InboundFrame frame) {
		WsEndpointMethods methods = methods();
		if (!methods.takesText()) {
			refuse(frame.session(), WsClosePolicy.TEXT_NOT_ACCEPTED);
			return;
		}
		WsInvocation invocation = WsInvocation.message(frame);
		boolean taken = false;
		for (WsHandlerMethod method : methods.message()) {
			if (!method.takesText()) {
				continue;
			}
			String type = method.messageType();
			if (type != null && !type.equals(frame.type())) {
				continue;
			}
			taken = true;
			if (!call(method, invocation)) {
				return;
			}
		}
		if (!taken) {
			handleError(frame.session(), unknownType(frame, methods), null);
		}
	}

	private WsDecodeException unknownType(InboundFrame frame, WsEndpointMethods methods) {
		String type = frame.type();
		String expected = "expected a JSON object whose string field '" + this.typeField + "' is one of "
				+ methods.messageTypes();
		String none = frame.session().isClientSide() ? "No @WsOnMessage method of the client's handlers"
				: "No @WsOnMessage method on endpoint '" + methods.path() + "'";
		if (type == null) {
			return new WsDecodeException(none + " takes this text frame: " + expected, null);
		}
		return new WsDecodeException(none + " takes type '" + ClientText.printable(type) + "': " + expected, null);
	}

	private void handleBinary(InboundFrame frame) {
		WsEndpointMethods methods = methods();
		if (!methods.takesBinary()) {
			refuse(frame.session(), WsClosePolicy.BINARY_NOT_ACCEPTED);
			return;
		}
		WsInvocation invocation = WsInvocation.message(frame);
		for (WsHandlerMethod method : methods.message()) {
			if (method.takesBinary() && !call(method, invocation)) {
				return;
			}
		}
	}

	private void refuse(DefaultWsSession session, CloseStatus status) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closing " + session.describe() + " with " + status.getCode() + ": " + status.getReason());
		}
		session.close(status, WsCloseCause.INVALID_PAYLOAD);
	}

	/**
	 * Call a method and send what it returns; hand a failure to the error methods.
	 * @return whether the session is still open, so that dispatch may go on
	 */
	private boolean call(WsHandlerMethod method, WsInvocation invocation) {
		DefaultWsSession session = invocation.session();
		try {
			Object result = method.invoke(invocation);
			if (result != null) {
				session.send(result);
			}
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			handleError(session, ex, method);
		}
		return session.isOpen();
	}

	private void handleError(DefaultWsSession session, Throwable error, @Nullable WsHandlerMethod source) {
		boolean handled = false;
		WsInvocation invocation = WsInvocation.error(session, error);
		for (WsHandlerMethod method : methods().error()) {
			if (!method.catches(error)) {
				continue;
			}
			handled = true;
			try {
				Object result = method.invoke(invocation);
				if (result != null) {
					session.send(result);
				}
			}
			catch (VirtualMachineError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				logger.warn("Closing " + session.describe() + " with 1011: " + method + " threw while handling " + error, ex);
				session.close(WsCloseCause.HANDLER_ERROR);
				return;
			}
		}
		if (handled) {
			return;
		}
		if (error instanceof WsDecodeException) {
			// The client sent something unreadable: say what, without a stack trace that tells nothing more
			this.sessions.clientFaults().warn(WsCloseCause.INVALID_PAYLOAD, "Closing " + session.describe()
					+ " with 1007: " + error.getMessage());
			session.close(WsCloseCause.INVALID_PAYLOAD);
		}
		else {
			logger.warn("Closing " + session.describe() + " with 1011: " + source + " threw " + error, error);
			session.close(WsCloseCause.HANDLER_ERROR);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession webSocketSession, Throwable exception) {
		// The container closes the session next, which reaches @WsOnClose with the code it closed with
		if (logger.isDebugEnabled()) {
			logger.debug("Transport error on WebSocket session '" + webSocketSession.getId() + "': " + exception);
		}
	}

	/**
	 * Run the {@code @WsOnClose} methods last: after the callback in flight, and, when the server closed the session,
	 * on the callback executor rather than on the thread that closed it; then the session leaves the registry.
	 */
	@Override
	public void afterConnectionClosed(WebSocketSession webSocketSession, CloseStatus closeStatus) {
		this.assembler.discard(webSocketSession.getId());
		DefaultWsSession session = this.sessions.get(webSocketSession.getId());
		if (session == null) {
			return;
		}
		this.sessions.closed(session, closeStatus);
		session.callbacks().closed(() -> {
			try {
				WsCloseCause cause = session.closeCause(closeStatus);
				callAll(methods().close(), WsInvocation.close(session, WsClosePolicy.reported(cause, closeStatus), cause));
			}
			finally {
				this.sessions.remove(session);
			}
		}, !session.isClosedByServer() && !WsIoExecutors.isStarterThread());
	}

	/**
	 * Take messages in parts, so that the container's per-session buffers stay small: see {@link InboundAssembler}.
	 */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

}
