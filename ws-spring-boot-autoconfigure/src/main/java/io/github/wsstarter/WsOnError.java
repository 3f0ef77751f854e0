package io.github.wsstarter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method to be called when an {@link WsOnInit} or {@link WsOnMessage} method of the same endpoint throws,
 * or when a frame cannot be decoded ({@link WsDecodeException}).
 * <p>
 * The method may declare a {@link WsSession} and one {@code Throwable} parameter, in any order. A parameter of a
 * subtype ({@code WsDecodeException}, {@code IllegalArgumentException}, ...) restricts the method to errors of that
 * type. A non-null return value is sent to the session, which stays open: handling an error is deciding what to do
 * with the session. When no {@code @WsOnError} method takes an error, it is logged at WARN with the session id and the
 * session is closed with 1007 (a decode error) or 1011 (anything else), with a fixed reason that carries no exception
 * text.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 * @see WsEndpoint
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsOnError {

}
