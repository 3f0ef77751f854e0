package io.github.wsstarter;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client with the server's event model: handler objects with the same {@code @WsOnInit},
 * {@code @WsOnMessage} (with JSON routing by type), {@code @WsOnClose} and {@code @WsOnError} methods, taking a
 * {@link WsConnection} where server methods take a {@link WsSession}, dispatched by the same code as the server's,
 * with the same outbound guarantees (thread-safe sends, never interleaved, per-thread order, a bounded queue).
 * <p>
 * Built by {@link #builder()}, or by the auto-configured {@link Builder} bean (a new one per injection point, with
 * the application's {@link JsonMapper}). Thread-safe: one client may open many connections, from any thread.
 * {@link #close()} closes them all.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public interface WsClient extends AutoCloseable {

	/**
	 * Return a builder of a client.
	 * @return a new builder
	 */
	static Builder builder() {
		return new io.github.wsstarter.client.DefaultWsClientBuilder();
	}

	/**
	 * Connect, waiting for the handshake at most the builder's connect timeout. The handlers' {@code @WsOnInit}
	 * methods have run when this returns. The first handshake is not retried; with a
	 * {@link Builder#reconnect(ReconnectPolicy) reconnect policy}, the connection is opened again after each loss.
	 * @param uri a {@code ws://} or {@code wss://} URI
	 * @return the open connection, a {@link WsClientConnection}
	 * @throws WsException if the handshake fails (its message says why, with the HTTP status when there was one) or
	 * times out
	 */
	WsConnection connect(URI uri);

	/**
	 * Connect without waiting.
	 * @param uri a {@code ws://} or {@code wss://} URI
	 * @return the connection once open; failed with a {@link WsException} if the handshake fails or times out
	 */
	CompletableFuture<WsConnection> connectAsync(URI uri);

	/**
	 * Close every connection of this client (1001), stop reconnecting, wait (at most 5 s) for the connections'
	 * {@code @WsOnClose} methods, and stop the client's threads. Called from a handler method, it does not wait.
	 * Idempotent.
	 */
	@Override
	void close();

	/**
	 * Builds a {@link WsClient}. Not thread-safe; {@link #build()} may be called more than once.
	 */
	interface Builder {

		/**
		 * Add an object whose {@code @WsOn*} methods handle every connection's events, in the order added.
		 * @param handler the handler
		 * @return this builder
		 */
		Builder handler(Object handler);

		/**
		 * Add a header to every handshake ({@code Authorization}, {@code Cookie}, ...).
		 * @param name the header name
		 * @param value its value
		 * @return this builder
		 */
		Builder header(String name, String value);

		/**
		 * Offer subprotocols at every handshake.
		 * @param subprotocols the subprotocols, most wanted first
		 * @return this builder
		 */
		Builder subprotocols(String... subprotocols);

		/**
		 * Set how long a handshake may take (10 s unless set).
		 * @param timeout the timeout
		 * @return this builder
		 */
		Builder connectTimeout(Duration timeout);

		/**
		 * Ping every connection every {@code interval}, and drop one whose pong does not come within
		 * {@code timeout}: a client behind a dead NAT notices. Every 25 s with a 10 s timeout unless set;
		 * {@code @WsOnPong} methods get each round trip.
		 * @param interval time between pings
		 * @param timeout time to wait for the pong
		 * @return this builder
		 */
		Builder heartbeat(Duration interval, Duration timeout);

		/**
		 * Set the JSON mapper that reads and writes JSON messages (a default one unless set).
		 * @param jsonMapper the mapper
		 * @return this builder
		 */
		Builder jsonMapper(JsonMapper jsonMapper);

		/**
		 * Set the JSON field that selects {@code @WsOnMessage("...")} methods ({@code type} unless set).
		 * @param typeField the field name
		 * @return this builder
		 */
		Builder typeField(String typeField);

		/**
		 * Connect again after each loss of a connection, at the times of the policy: after any close except one the
		 * application asked for ({@link WsConnection#close()}, {@link WsClient#close()}). {@code @WsOnClose} runs
		 * on each loss and {@code @WsOnInit} on each reconnect ({@link WsClientConnection#reconnects()} tells them
		 * apart). Off unless set.
		 * @param policy when to try again, such as {@code ReconnectPolicy.backoff(ofMillis(500), ofSeconds(30))}
		 * @return this builder
		 */
		Builder reconnect(ReconnectPolicy policy);

		/**
		 * Keep what is sent while a connection is down, up to {@code maxBytes} of payload, and send it in order
		 * on the next connection, right after its {@code @WsOnInit} methods (which go first, to authenticate or
		 * subscribe again). Unless set, a send while down throws a {@link WsException}; so does one that finds
		 * the buffer full. Needs {@link #reconnect(ReconnectPolicy)}, and may be at most a connection's send queue
		 * (512 KB), where it is queued at once on reconnect; {@link #build()} checks both.
		 * @param maxBytes the payload bytes kept, 0 to keep none
		 * @return this builder
		 */
		Builder bufferWhileDisconnected(int maxBytes);

		/**
		 * Build the client, checking every handler method as the server does.
		 * @return the client
		 * @throws WsHandlerDefinitionException if a handler method cannot be called as declared
		 * @throws IllegalStateException if a buffer is set without a reconnect policy, or larger than 512 KB
		 */
		WsClient build();

	}

}
