package io.github.wsstarter.handler;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

/** The Jakarta side of {@link StubSession}: sends complete at once and keep only the last message. */
final class StubJakartaSession implements Session, RemoteEndpoint.Async {

	private final String id;

	private final Map<String, Object> userProperties = new ConcurrentHashMap<>();

	volatile Object last;

	StubJakartaSession(String id) {
		this.id = id;
	}

	@Override
	public void sendText(String text, SendHandler handler) {
		this.last = text;
		handler.onResult(new SendResult(this));
	}

	@Override
	public void sendBinary(ByteBuffer data, SendHandler handler) {
		this.last = data;
		handler.onResult(new SendResult(this));
	}

	@Override
	public Future<Void> sendText(String text) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Future<Void> sendBinary(ByteBuffer data) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Future<Void> sendObject(Object data) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void sendObject(Object data, SendHandler handler) {
		throw new UnsupportedOperationException();
	}

	@Override
	public long getSendTimeout() {
		return 0;
	}

	@Override
	public void setSendTimeout(long timeout) {
	}

	@Override
	public void setBatchingAllowed(boolean allowed) {
	}

	@Override
	public boolean getBatchingAllowed() {
		return false;
	}

	@Override
	public void flushBatch() {
	}

	@Override
	public void sendPing(ByteBuffer applicationData) {
	}

	@Override
	public void sendPong(ByteBuffer applicationData) {
	}

	@Override
	public WebSocketContainer getContainer() {
		return null;
	}

	@Override
	public void addMessageHandler(MessageHandler handler) {
	}

	@Override
	public <T> void addMessageHandler(Class<T> type, MessageHandler.Partial<T> handler) {
	}

	@Override
	public <T> void addMessageHandler(Class<T> type, MessageHandler.Whole<T> handler) {
	}

	@Override
	public Set<MessageHandler> getMessageHandlers() {
		return Set.of();
	}

	@Override
	public void removeMessageHandler(MessageHandler handler) {
	}

	@Override
	public String getProtocolVersion() {
		return "13";
	}

	@Override
	public String getNegotiatedSubprotocol() {
		return "";
	}

	@Override
	public List<Extension> getNegotiatedExtensions() {
		return List.of();
	}

	@Override
	public boolean isSecure() {
		return false;
	}

	@Override
	public boolean isOpen() {
		return true;
	}

	@Override
	public long getMaxIdleTimeout() {
		return 0;
	}

	@Override
	public void setMaxIdleTimeout(long milliseconds) {
	}

	@Override
	public void setMaxBinaryMessageBufferSize(int length) {
	}

	@Override
	public int getMaxBinaryMessageBufferSize() {
		return 1024;
	}

	@Override
	public void setMaxTextMessageBufferSize(int length) {
	}

	@Override
	public int getMaxTextMessageBufferSize() {
		return 1024;
	}

	@Override
	public RemoteEndpoint.Async getAsyncRemote() {
		return this;
	}

	@Override
	public RemoteEndpoint.Basic getBasicRemote() {
		throw new UnsupportedOperationException();
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public void close() {
	}

	@Override
	public void close(CloseReason closeReason) {
	}

	@Override
	public URI getRequestURI() {
		return URI.create("ws://localhost/" + this.id);
	}

	@Override
	public Map<String, List<String>> getRequestParameterMap() {
		return Map.of();
	}

	@Override
	public String getQueryString() {
		return null;
	}

	@Override
	public Map<String, String> getPathParameters() {
		return Map.of();
	}

	@Override
	public Map<String, Object> getUserProperties() {
		return this.userProperties;
	}

	@Override
	public Principal getUserPrincipal() {
		return null;
	}

	@Override
	public Set<Session> getOpenSessions() {
		return Set.of();
	}

}
