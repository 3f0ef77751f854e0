package io.github.wsstarter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the {@code @WsOn*} methods of a bean to an endpoint path other than the default one ({@code ws.path},
 * {@code /ws} by default).
 * <p>
 * Several beans may bind to the same path; their methods are then called in the
 * {@link org.springframework.core.annotation.Order @Order} of the beans. A bean without this annotation binds to the
 * default path. This annotation does not make a class a bean: use it with {@code @Component} or a {@code @Bean}
 * method.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsEndpoint {

	/**
	 * Path of the endpoint, starting with {@code /}, for example {@code "/chat"}. Matched exactly.
	 * @return the endpoint path
	 */
	String value();

}
