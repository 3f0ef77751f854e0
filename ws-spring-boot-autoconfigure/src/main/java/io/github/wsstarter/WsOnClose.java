package io.github.wsstarter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method to be called once when a session has closed, whoever closed it.
 * <p>
 * The method may declare a {@link WsSession}, a {@link org.springframework.web.socket.CloseStatus CloseStatus} and a
 * {@link WsCloseCause}, in any order. It runs exactly once per session, whatever the path, and last: never at the
 * same time as another callback of the same session, and only after the {@code @WsOnInit} or {@code @WsOnMessage}
 * method in flight (if any) has returned. When the client closed, it runs on the container's thread that read the
 * close; when the server closed (a {@link WsSession#close()} from anywhere, an idle or heartbeat timeout, a slow
 * consumer, a shutdown), on the callback executor (the application's {@code wsCallbackExecutor} bean, or the starter's
 * own {@code ws-callback-*} threads), never on the thread that closed it.
 * <p>
 * Code 1006 ({@code CloseStatus.NO_CLOSE_FRAME}) means that the connection dropped without a close handshake; any other
 * code is the one the client or the server closed with. When the method runs, the session is already removed from the
 * {@link WsBroadcaster} and from its rooms, so a broadcast from here ("... left") reaches only the others. An exception
 * is logged at WARN and goes no further.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 * @see WsEndpoint
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsOnClose {

}
