package io.github.wsstarter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method to be called when a client answers one of the server's heartbeat pings
 * ({@code ws.heartbeat.interval}).
 * <p>
 * The method may declare a {@link WsSession} and a {@link java.time.Duration}, the measured round-trip time, in any
 * order. It is optional: heartbeats work without it, and {@link WsSession#lastRoundTripTime()} holds the last
 * measurement. An exception is logged at WARN and goes no further.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 * @see WsEndpoint
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsOnPong {

}
