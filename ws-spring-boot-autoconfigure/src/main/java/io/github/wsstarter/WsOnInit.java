package io.github.wsstarter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method to be called once for each new connection, after the handshake, when the session is already
 * registered (so a {@link WsBroadcaster#sendAll(Object) sendAll} from the method reaches the new client too).
 * <p>
 * The method may declare a {@link WsSession} parameter, and nothing else. A non-null return value is sent to the
 * session. An exception goes to the endpoint's {@link WsOnError} methods. All {@code @WsOnInit} methods of the
 * endpoint are called, in the {@link org.springframework.core.annotation.Order @Order} of their beans, on the
 * container thread that completed the handshake.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 * @see WsEndpoint
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsOnInit {

}
