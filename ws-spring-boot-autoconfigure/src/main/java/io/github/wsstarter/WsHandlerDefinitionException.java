package io.github.wsstarter;

/**
 * Thrown at start-up when a {@code @WsOn*} method or a {@link WsEndpoint} cannot be used as declared. The message
 * names the annotation, the bean, the method and, where it applies, the parameter, and says what is accepted.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public class WsHandlerDefinitionException extends WsException {

	/**
	 * Create a new exception.
	 * @param message what is wrong with the definition and what is accepted
	 */
	public WsHandlerDefinitionException(String message) {
		super(message);
	}

}
