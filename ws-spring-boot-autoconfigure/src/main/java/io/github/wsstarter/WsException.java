package io.github.wsstarter;

import org.jspecify.annotations.Nullable;

/**
 * Base class of the runtime exceptions thrown by ws-spring-boot-starter.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public class WsException extends RuntimeException {

	/**
	 * Create a new exception.
	 * @param message the detail message
	 */
	public WsException(String message) {
		super(message);
	}

	/**
	 * Create a new exception.
	 * @param message the detail message
	 * @param cause the cause, if any
	 */
	public WsException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
