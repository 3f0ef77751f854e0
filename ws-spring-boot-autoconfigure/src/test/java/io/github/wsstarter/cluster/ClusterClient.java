package io.github.wsstarter.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A JDK WebSocket client for the cluster tests: keeps every text message, and the close.
 */
final class ClusterClient implements WebSocket.Listener, AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final StringBuilder partial = new StringBuilder();

	final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private WebSocket webSocket;

	/** The session id, which the test application's {@code @WsOnInit} sends first. */
	String id;

	static ClusterClient connect(int port) throws Exception {
		ClusterClient client = new ClusterClient();
		client.webSocket = HTTP.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), client)
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		String hello = client.next();
		assertThat(hello).startsWith("id:");
		client.id = hello.substring(3);
		return client;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(Long.MAX_VALUE);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			this.received.add(this.partial.toString());
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
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete(1006);
	}

	String next() throws InterruptedException {
		String next = this.received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		if (next == null) {
			fail("No message within " + TIMEOUT);
		}
		return next;
	}

	List<String> next(int count) throws InterruptedException {
		List<String> messages = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			messages.add(next());
		}
		return messages;
	}

	void webSocketSend(String text) throws Exception {
		this.webSocket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Whatever arrived and was not taken yet, without waiting. */
	List<String> drain() {
		List<String> rest = new ArrayList<>();
		this.received.drainTo(rest);
		return rest;
	}

	@Override
	public void close() {
		this.webSocket.abort();
	}

}
