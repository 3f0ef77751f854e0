package io.github.wsstarter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose {@code @WsOn*} methods handle the connections of a {@link WsClient}, so that a Spring bean of
 * it is not also a server endpoint. Without it, a bean with {@code @WsOn*} methods serves the default path (or its
 * {@link WsEndpoint}'s); with it, the bean's methods run only for the clients it is passed to with
 * {@link WsClient.Builder#handler(Object)}, and may take a {@link WsClientConnection}.
 * <p>
 * A handler object that is not a bean needs no annotation. A class may not carry both this and {@link WsEndpoint}.
 * This annotation does not make a class a bean: use it with {@code @Component} or a {@code @Bean} method.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsClientHandler {

}
