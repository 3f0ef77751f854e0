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
 * {@link WsCloseCause}, in any order. It runs exactly once per session, whatever the path. Code 1006 ({@code CloseStatus.NO_CLOSE_FRAME}) means that the connection dropped without a close
 * handshake; any other code is the one the client or the server closed with. When the method runs, the session is
 * already removed from the {@link WsBroadcaster} and from its rooms, so a broadcast from here ("... left") reaches
 * only the others. An exception is logged at WARN and goes no further.
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
