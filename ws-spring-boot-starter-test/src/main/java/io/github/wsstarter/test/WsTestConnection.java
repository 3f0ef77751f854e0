package io.github.wsstarter.test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.assertj.core.api.AssertProvider;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * One connection of a {@link WsTestClient}: records every message the server sends, in order, and waits for them.
 * Each wait is bounded (the client's timeout unless given) and fails with an {@link AssertionError} that lists what
 * did arrive, and how the connection closed if it did. {@code assertThat(connection)} gives
 * {@link WsTestConnectionAssert}'s assertions.
 * <p>
 * The {@code await} methods take messages in the order they came, each once; {@link #awaitJson(String, Class)} has
 * a position of its own for each message type, so that a test may wait for one type while others (a presence list,
 * say) keep coming. Thread-safe; the connection closes with {@link #close()}, or when the test is done with it in a
 * try-with-resources block.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public final class WsTestConnection implements AutoCloseable, AssertProvider<WsTestConnectionAssert> {

	private final URI uri;

	private final Duration timeout;

	private final TestMessageCodec codec;

	private final MessageLog log;

	private final TimedWriter writer;

	private volatile @Nullable SocketTransport socket;

	WsTestConnection(URI uri, Duration timeout, JsonMapper jsonMapper, String typeField) {
		this.uri = uri;
		this.timeout = timeout;
		this.codec = new TestMessageCodec(jsonMapper, typeField);
		this.log = new MessageLog(uri);
		this.writer = new TimedWriter(uri, timeout, this.log);
	}

	MessageLog log() {
		return this.log;
	}

	void open(SocketTransport socket) {
		this.socket = socket;
	}

	/**
	 * Return the URI this connection was opened with.
	 * @return the URI
	 */
	public URI uri() {
		return this.uri;
	}

	/**
	 * Return the subprotocol the server chose.
	 * @return the subprotocol, empty if none
	 */
	public String subprotocol() {
		return socket().subprotocol();
	}

	/**
	 * Send a message and wait until it is written: a {@code String} as a text frame, a {@code byte[]} or
	 * {@code ByteBuffer} as a binary frame, anything else as JSON in a text frame.
	 * @param message the message
	 * @return this connection
	 * @throws AssertionError if it cannot be written within the timeout (the connection closed, say)
	 */
	public WsTestConnection send(Object message) {
		Assert.notNull(message, "'message' must not be null");
		this.writer.send(socket(), this.codec.frame(message));
		return this;
	}

	/**
	 * Wait for the next message, which must be text.
	 * @return its text
	 * @throws AssertionError if none comes within the timeout, or the next is binary
	 */
	public String awaitText() {
		return awaitText(this.timeout);
	}

	/**
	 * Wait for the next message, which must be text.
	 * @param timeout how long to wait
	 * @return its text
	 * @throws AssertionError if none comes in time, or the next is binary
	 */
	public String awaitText(Duration timeout) {
		Received message = this.log.next("a text message", timeout);
		if (!message.isText()) {
			throw new AssertionError("Expected a text message from " + this.uri + " but the next was "
					+ message.describe() + "; " + this.log.history());
		}
		return message.text();
	}

	/**
	 * Wait for the next message, which must be JSON text that reads as the given type.
	 * @param <T> the type
	 * @param type the class to read it as (a record, a map, {@link JsonNode}, ...)
	 * @return the message, read with the client's JSON mapper
	 * @throws AssertionError if none comes within the timeout, or it is binary or does not read as the type
	 */
	public <T> T awaitJson(Class<T> type) {
		return this.codec.read(awaitText(this.timeout), type, this.uri);
	}

	/**
	 * Wait for the next JSON message whose type field ({@code ws.type-field}, {@code type} unless set) is
	 * {@code messageType}, passing over the others: they stay for the other awaits, and each type
	 * has a position of its own.
	 * @param <T> the Java type
	 * @param messageType the value of the {@code type} field, such as {@code chat}
	 * @param type the class to read it as
	 * @return the message
	 * @throws AssertionError if none comes within the timeout
	 */
	public <T> T awaitJson(String messageType, Class<T> type) {
		Predicate<Received> ofType = (message) -> message.isText()
				&& messageType.equals(this.codec.typeOf(message.text()));
		Received message = this.log.next("type:" + messageType, ofType,
				"a JSON message of type '" + messageType + "'", this.timeout);
		return this.codec.read(message.text(), type, this.uri);
	}

	/**
	 * Wait for the next message, which must be binary.
	 * @return its bytes
	 * @throws AssertionError if none comes within the timeout, or the next is text
	 */
	public byte[] awaitBinary() {
		Received message = this.log.next("a binary message", this.timeout);
		if (message.isText()) {
			throw new AssertionError("Expected a binary message from " + this.uri + " but the next was "
					+ message.describe() + "; " + this.log.history());
		}
		return message.bytes();
	}

	/**
	 * Wait until the connection closes: with the server's close frame, or with 1006 if it was cut.
	 * @return the code and reason
	 * @throws AssertionError if it is still open after the timeout
	 */
	public CloseStatus awaitClose() {
		return awaitClose(this.timeout);
	}

	/**
	 * Wait until the connection closes.
	 * @param timeout how long to wait
	 * @return the code and reason
	 * @throws AssertionError if it is still open after the timeout
	 */
	public CloseStatus awaitClose(Duration timeout) {
		CloseStatus status = this.log.awaitClose(timeout);
		if (status == null) {
			throw new AssertionError("Expected " + this.uri + " to close within " + timeout + " but it is open; "
					+ this.log.history());
		}
		return status;
	}

	/**
	 * Check that no message arrives for a while: messages that arrived before this call are not looked at.
	 * @param duration how long to watch
	 * @throws AssertionError with the message, if one comes
	 */
	public void expectNoMessage(Duration duration) {
		this.log.expectNone(duration);
	}

	/**
	 * Return how many messages have arrived so far, awaited or not.
	 * @return the count of complete text and binary messages
	 */
	public int receivedCount() {
		return this.log.size();
	}

	/**
	 * Return every message that has arrived so far, awaited or not, in order.
	 * @return a snapshot: a {@code String} for each text message, a {@code byte[]} for each binary one
	 */
	public List<Object> received() {
		return this.log.all().stream().map(Received::value).toList();
	}

	/**
	 * Stop reading from the connection, as a stalled client: the server's writes back up in the TCP buffers, and
	 * its pings go unanswered. What arrived before stays; from the return of this method until
	 * {@link #resumeReading()}, no message is added to what arrived and no ping answered, not even one already in
	 * transit. {@link #close()} ends the stall (it reads the server's answer to its close frame); after
	 * {@link #drop()} nothing more is read.
	 * @return this connection
	 */
	public WsTestConnection stopReading() {
		socket().stopReading();
		return this;
	}

	/**
	 * Read again after {@link #stopReading()}.
	 * @return this connection
	 */
	public WsTestConnection resumeReading() {
		socket().resumeReading();
		return this;
	}

	/**
	 * Cut the TCP connection without a close frame, as a lost network or a killed process: the server sees 1006.
	 */
	public void drop() {
		this.log.closed(CloseStatus.NO_CLOSE_FRAME.withReason("dropped by the test"));
		socket().abort();
	}

	/**
	 * Return whether the connection is open: no close frame has come and it has not been cut.
	 * @return {@code true} while open
	 */
	public boolean isOpen() {
		return this.log.closeStatus() == null && !socket().isClosed();
	}

	/**
	 * Close normally (1000) and wait for the server's answer, at most the timeout. Does nothing if closed.
	 */
	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	/**
	 * Close with the given status and wait for the server's answer, at most the timeout. Does nothing if closed.
	 * @param status the code and reason to send
	 */
	public void close(CloseStatus status) {
		SocketTransport socket = this.socket;
		if (socket != null) {
			this.writer.close(socket, status);
		}
	}

	@Override
	public WsTestConnectionAssert assertThat() {
		return new WsTestConnectionAssert(this);
	}

	@Override
	public String toString() {
		return "WsTestConnection[" + this.uri + "]";
	}

	/** What arrived, and how it closed: the end of every failure message. */
	String history() {
		return this.log.history();
	}

	private SocketTransport socket() {
		SocketTransport socket = this.socket;
		Assert.state(socket != null, "Not connected");
		return socket;
	}

}
