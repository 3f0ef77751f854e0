package io.github.wsstarter.sample.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.fail;

/**
 * A WebSocket client that speaks the chat's JSON: what it receives is kept as {@link JsonNode}s, and waits are
 * bounded.
 */
final class ChatClient implements WebSocket.Listener, AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = new JsonMapper();

	/** Everything received, in order; guarded by itself. Each type has its own read position. */
	private final List<JsonNode> received = new ArrayList<>();

	private final Map<String, Integer> cursors = new HashMap<>();

	private final StringBuilder partial = new StringBuilder();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final WebSocket socket;

	ChatClient(int port) throws Exception {
		this.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), this)
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	ChatClient send(Object message) throws Exception {
		String text = (message instanceof String string) ? string : JSON.writeValueAsString(message);
		this.socket.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		return this;
	}

	ChatClient join(String nick, String room) throws Exception {
		return send(Map.of("type", "join", "nick", nick, "room", room));
	}

	ChatClient join(String nick, String room, String token) throws Exception {
		return send(Map.of("type", "join", "nick", nick, "room", room, "token", token));
	}

	/** Wait for the close frame, or fail. */
	int awaitClose() throws Exception {
		return this.closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	ChatClient say(String text) throws Exception {
		return send(Map.of("type", "chat", "text", text));
	}

	/** The next message, whatever its type. */
	JsonNode next() throws InterruptedException {
		return next(null, TIMEOUT, true);
	}

	/** The next message of the given type; messages of other types stay available to their own {@code next}. */
	JsonNode next(String type) throws InterruptedException {
		return next(type, TIMEOUT, true);
	}

	/** A message of the given type arriving within the time, or {@code null}: for asserting that none comes. */
	JsonNode poll(String type, Duration within) throws InterruptedException {
		return next(type, within, false);
	}

	private JsonNode next(String type, Duration within, boolean required) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		synchronized (this.received) {
			while (true) {
				int cursor = this.cursors.getOrDefault(type, 0);
				for (int i = cursor; i < this.received.size(); i++) {
					JsonNode message = this.received.get(i);
					if (type == null || type.equals(message.path("type").asString())) {
						this.cursors.put(type, i + 1);
						return message;
					}
				}
				this.cursors.put(type, this.received.size());
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return required ? fail("No " + ((type != null) ? "'" + type + "' " : "") + "message within " + within)
							: null;
				}
				TimeUnit.NANOSECONDS.timedWait(this.received, left);
			}
		}
	}

	boolean isOpen() {
		return !this.socket.isInputClosed() && !this.socket.isOutputClosed();
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(Long.MAX_VALUE);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			JsonNode message = JSON.readTree(this.partial.toString());
			synchronized (this.received) {
				this.received.add(message);
				this.received.notifyAll();
			}
			this.partial.setLength(0);
		}
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(statusCode);
		return null;
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
		}
	}

}
