package io.github.wsstarter.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Add a {@link WsTestClient} bean to a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} (or
 * {@code DEFINED_PORT}) test, bound to the running server: its port, context path and {@code ws.path}.
 * <pre class="code">
 * &#64;SpringBootTest(webEnvironment = RANDOM_PORT)
 * &#64;AutoConfigureWsTestClient
 * class ChatTests {
 *
 *     &#64;Autowired WsTestClient ws;
 *
 *     &#64;Test
 *     void echoes() {
 *         try (WsTestConnection connection = ws.connect("/ws")) {
 *             connection.send("hi");
 *             assertThat(connection).receivesText("echo:hi");
 *         }
 *     }
 * }
 * </pre>
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureWsTestClient {

}
