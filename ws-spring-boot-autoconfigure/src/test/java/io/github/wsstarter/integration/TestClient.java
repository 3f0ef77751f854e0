package io.github.wsstarter.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * A real WebSocket client (the JDK's) that records everything it receives: text frames as {@code String}, binary
 * frames as {@code byte[]}, and the close code and reason. Waits are bounded.
 */
final class TestClient extends TextListener implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

	private final CompletableFuture<Close> closed = new CompletableFuture<>();

	private final AtomicInteger pongs = new AtomicInteger();

	private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

	private volatile WebSocket webSocket;

	record Close(int code, String reason) {
	}

	static TestClient connect(int port, String path) {
		return connect(port, path, Map.of());
	}

	static TestClient connect(int port, String path, Map<String, String> headers) {
		TestClient client = new TestClient();
		WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
		headers.forEach(builder::header);
		client.webSocket = join(builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client));
		return client;
	}

	/**
	 * Connect once the server has a place free: the place of a closed session comes back once its socket has ended,
	 * and handshakes get 503 until then (each counted as refused).
	 */
	static TestClient connectWhenFree(int port, String path) {
		return await().atMost(TIMEOUT).until(() -> {
			try {
				return connect(port, path);
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof WebSocketHandshakeException refused
						&& refused.getResponse().statusCode() == 503) {
					return null;
				}
				throw ex;
			}
		}, Objects::nonNull);
	}

	/**
	 * Attempt a handshake that is expected to fail, and return the HTTP status the server answered with.
	 */
	static int handshakeStatus(int port, String path, Map<String, String> headers) {
		WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
		headers.forEach(builder::header);
		try {
			WebSocket ws = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), new TestClient())
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			ws.abort();
			return 101;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
				return handshake.getResponse().statusCode();
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static <T> T join(CompletableFuture<T> future) {
		try {
			return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new CompletionException(ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

	TestClient send(String message) {
		join(this.webSocket.sendText(message, true));
		return this;
	}

	TestClient sendBinary(byte[] message) {
		join(this.webSocket.sendBinary(ByteBuffer.wrap(message), true));
		return this;
	}

	/** Next received text frame, failing the test if none comes in time or a binary frame comes first. */
	String nextText() {
		Object next = next();
		assertThat(next).as("next frame").isInstanceOf(String.class);
		return (String) next;
	}

	byte[] nextBinary() {
		Object next = next();
		assertThat(next).as("next frame").isInstanceOf(byte[].class);
		return (byte[]) next;
	}

	Object next() {
		try {
			Object next = this.received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (next == null) {
				fail("No message within " + TIMEOUT + (this.closed.isDone() ? "; closed with " + this.closed.join() : ""));
			}
			return next;
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Receive exactly {@code count} text frames. */
	List<String> nextTexts(int count) {
		List<String> texts = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			texts.add(nextText());
		}
		return texts;
	}

	/** Return a frame received within the given time, or {@code null}; for asserting that nothing more arrives. */
	Object poll(Duration within) throws InterruptedException {
		return this.received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Wait for the server to close the connection. */
	Close awaitClose() {
		return join(this.closed);
	}

	boolean isClosed() {
		return this.closed.isDone();
	}

	@Override
	void onMessage(String message) {
		this.received.add(message);
	}

	@Override
	public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		this.binary.writeBytes(bytes);
		if (last) {
			this.received.add(this.binary.toByteArray());
			this.binary = new java.io.ByteArrayOutputStream();
		}
		return null;
	}

	@Override
	public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
		this.pongs.incrementAndGet();
		return null;
	}

	/** Send a ping, waiting until the client has written it. */
	TestClient ping() {
		join(this.webSocket.sendPing(ByteBuffer.allocate(0)));
		return this;
	}

	/** How many pongs have arrived. */
	int pongs() {
		return this.pongs.get();
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(new Close(statusCode, reason));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete(new Close(1006, String.valueOf(error)));
	}

	/** Close normally, without waiting for the server's answer. */
	@Override
	public void close() {
		WebSocket ws = this.webSocket;
		if (ws != null && !ws.isOutputClosed()) {
			ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null);
		}
	}

	/** Drop the TCP connection without a close frame. */
	void abort() {
		this.webSocket.abort();
	}

}
