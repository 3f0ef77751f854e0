package io.github.wsstarter.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * One complete data message on its way out: text (with its UTF-8 bytes, made once and shared by every session that
 * sends it) or binary. Immutable but for the cached bytes; a binary frame's buffer is read through a view per session
 * ({@link #forSession()}).
 *
 * @author ws-spring-boot-starter team
 */
final class Frame {

	private final @Nullable String text;

	private final @Nullable ByteBuffer binary;

	private volatile byte @Nullable [] utf8;

	private Frame(@Nullable String text, @Nullable ByteBuffer binary, byte @Nullable [] utf8) {
		this.text = text;
		this.binary = binary;
		this.utf8 = utf8;
	}

	/** A frame of an encoded message: {@link WsMessageEncoder} makes only complete text and binary messages. */
	static Frame of(WebSocketMessage<?> message) {
		if (message instanceof TextMessage text) {
			return new Frame(text.getPayload(), null, null);
		}
		return new Frame(null, ((BinaryMessage) message).getPayload(), null);
	}

	/** The same frame with its UTF-8 bytes made now, once, for a frame that goes to many sessions. */
	Frame encoded() {
		if (this.text != null) {
			utf8();
		}
		return this;
	}

	/** The frame for one session: a binary frame's buffer is read forward by the writer, so each gets its own view. */
	Frame forSession() {
		return (this.binary != null) ? new Frame(null, this.binary.duplicate(), null) : this;
	}

	boolean isText() {
		return this.text != null;
	}

	@SuppressWarnings("NullAway") // a text frame
	String text() {
		return this.text;
	}

	@SuppressWarnings("NullAway") // a binary frame
	ByteBuffer binary() {
		return this.binary;
	}

	/** The UTF-8 bytes of a text frame, made on first use. */
	@SuppressWarnings("NullAway") // a text frame
	byte[] utf8() {
		byte[] bytes = this.utf8;
		if (bytes == null) {
			bytes = this.text.getBytes(StandardCharsets.UTF_8);
			this.utf8 = bytes;
		}
		return bytes;
	}

	/** The size that counts against the buffer limit: characters for text, which costs nothing to compute. */
	long size() {
		return (this.text != null) ? this.text.length() : this.binary.remaining();
	}

}
