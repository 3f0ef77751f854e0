package io.github.wsstarter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method to be called for messages received on the endpoint.
 * <p>
 * The method declares exactly one payload parameter and may declare a {@link WsSession}, in any order:
 * <ul>
 * <li>{@code String}: the text of a text frame;</li>
 * <li>{@code byte[]} or {@code java.nio.ByteBuffer}: the content of a binary frame;</li>
 * <li>{@link WsMessage}: any frame, with its session and time of arrival;</li>
 * <li>any other type (a record, a bean, {@code tools.jackson.databind.JsonNode}): a text frame read as JSON with
 * the application's Jackson mapper. A frame that cannot be read as that type is reported to the endpoint's
 * {@link WsOnError} methods as a {@link WsDecodeException}.</li>
 * </ul>
 * A method is called only for frames its payload type fits: a {@code String} method never sees a binary frame.
 * <p>
 * With a {@link #value() type}, the method is called only for JSON text frames whose type field ({@code ws.type-field},
 * {@code "type"} by default) equals that value: {@code @WsOnMessage("chat")} receives {@code {"type":"chat", ...}}.
 * Each frame is parsed once, however many methods receive it. A frame that no method takes is not dropped silently:
 * a JSON frame with an unknown type is reported as a {@link WsDecodeException} (by default the session is closed with
 * 1007), and a frame of a kind (text or binary) that no method accepts closes the session with 1003.
 * <p>
 * A non-null return value is sent to the session. Methods for one session are called one frame at a time, in the
 * {@link org.springframework.core.annotation.Order @Order} of their beans.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 * @see WsEndpoint
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsOnMessage {

	/**
	 * Value of the type field that a JSON text frame must carry to reach this method; empty (the default) to receive
	 * every frame that the payload type fits.
	 * @return the message type, or an empty string for all messages
	 */
	String value() default "";

}
