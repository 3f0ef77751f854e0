package io.github.wsstarter.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

import org.assertj.core.api.AbstractAssert;

import org.springframework.web.socket.CloseStatus;

/**
 * AssertJ assertions on a {@link WsTestConnection}, from {@code assertThat(connection)}: each takes the next
 * message (or the close) with the connection's timeout, as the connection's {@code await} methods do, and fails
 * with what did arrive. Chains read as the conversation:
 * {@code assertThat(connection).receivesText("welcome").receivesJson(Reply.class, new Reply("hi"))}.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public final class WsTestConnectionAssert extends AbstractAssert<WsTestConnectionAssert, WsTestConnection> {

	WsTestConnectionAssert(WsTestConnection connection) {
		super(connection, WsTestConnectionAssert.class);
	}

	/**
	 * Check that the next message is this text.
	 * @param expected the text
	 * @return this assertion
	 */
	public WsTestConnectionAssert receivesText(String expected) {
		String text = this.actual.awaitText();
		if (!text.equals(expected)) {
			failWithMessage("Expected the next message from %s to be text \"%s\" but it was \"%s\"; %s",
					this.actual.uri(), expected, text, this.actual.history());
		}
		return this;
	}

	/**
	 * Check the next message, which must be text, with the given assertions.
	 * @param requirements assertions on the text, such as {@code text -> assertThat(text).startsWith("id:")}
	 * @return this assertion
	 */
	public WsTestConnectionAssert receivesTextSatisfying(Consumer<String> requirements) {
		requirements.accept(this.actual.awaitText());
		return this;
	}

	/**
	 * Check that the next message is JSON equal to the expected object once read as its type.
	 * @param <T> the type
	 * @param type the class to read the message as
	 * @param expected the expected value (records and maps compare by content)
	 * @return this assertion
	 */
	public <T> WsTestConnectionAssert receivesJson(Class<T> type, T expected) {
		T value = this.actual.awaitJson(type);
		if (!value.equals(expected)) {
			failWithMessage("Expected the next message from %s to be %s but it was %s; %s", this.actual.uri(),
					expected, value, this.actual.history());
		}
		return this;
	}

	/**
	 * Check the next message, read as JSON of the given type, with the given assertions.
	 * @param <T> the type
	 * @param type the class to read the message as
	 * @param requirements assertions on the value
	 * @return this assertion
	 */
	public <T> WsTestConnectionAssert receivesJsonSatisfying(Class<T> type, Consumer<T> requirements) {
		requirements.accept(this.actual.awaitJson(type));
		return this;
	}

	/**
	 * Check that the next message is binary with these bytes.
	 * @param expected the bytes
	 * @return this assertion
	 */
	public WsTestConnectionAssert receivesBinary(byte[] expected) {
		byte[] bytes = this.actual.awaitBinary();
		if (!Arrays.equals(bytes, expected)) {
			failWithMessage("Expected the next message from %s to be %s but it was %s; %s", this.actual.uri(),
					Received.binary(expected).describe(), Received.binary(bytes).describe(), this.actual.history());
		}
		return this;
	}

	/**
	 * Check that nothing more comes for a while.
	 * @param duration how long to watch
	 * @return this assertion
	 */
	public WsTestConnectionAssert receivesNothingFor(Duration duration) {
		this.actual.expectNoMessage(duration);
		return this;
	}

	/**
	 * Check that the connection closes (within the timeout) with this code.
	 * @param code the close code, such as 1008, or 1006 for a connection cut without a close frame
	 * @return this assertion
	 */
	public WsTestConnectionAssert closesWith(int code) {
		CloseStatus status = this.actual.awaitClose();
		if (status.getCode() != code) {
			failWithMessage("Expected %s to close with %d but it closed with %d '%s'; %s", this.actual.uri(), code,
					status.getCode(), status.getReason(), this.actual.history());
		}
		return this;
	}

	/**
	 * Check that the connection closes (within the timeout) with this code and reason.
	 * @param code the close code
	 * @param reason the reason
	 * @return this assertion
	 */
	public WsTestConnectionAssert closesWith(int code, String reason) {
		closesWith(code);
		CloseStatus status = this.actual.awaitClose();
		if (!reason.equals(status.getReason())) {
			failWithMessage("Expected %s to close with %d '%s' but the reason was '%s'", this.actual.uri(), code,
					reason, status.getReason());
		}
		return this;
	}

	/**
	 * Check how many messages have arrived so far, awaited or not.
	 * @param count the expected count
	 * @return this assertion
	 */
	public WsTestConnectionAssert hasReceivedCount(int count) {
		int received = this.actual.receivedCount();
		if (received != count) {
			failWithMessage("Expected %d messages from %s so far but %s", count, this.actual.uri(),
					this.actual.history());
		}
		return this;
	}

}
