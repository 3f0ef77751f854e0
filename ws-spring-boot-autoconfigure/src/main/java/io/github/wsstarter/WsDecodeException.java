package io.github.wsstarter;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a received frame cannot be read as what the endpoint expects: text that is not JSON, JSON that does not
 * fit the payload type of a {@link WsOnMessage} method, or a message type that no method takes.
 * <p>
 * The message says what was expected. It is meant for the server's logs and {@link WsOnError} methods: it is never
 * sent to the client. When no {@code @WsOnError} method handles it, the session is closed with 1007.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public class WsDecodeException extends WsException {

	/**
	 * Create a new exception.
	 * @param message what was expected and what was found
	 * @param cause the parser's exception, if any
	 */
	public WsDecodeException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
