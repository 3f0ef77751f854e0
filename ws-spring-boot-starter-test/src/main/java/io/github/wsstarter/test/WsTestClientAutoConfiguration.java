package io.github.wsstarter.test;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@link WsTestClient} of {@link AutoConfigureWsTestClient}: bound to the server of the test's context, whose
 * port it reads at each {@code connect} (the server starts after the bean is made). Backs off to a
 * {@link WsTestClient} bean of the test's own.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
@AutoConfiguration
public final class WsTestClientAutoConfiguration {

	/**
	 * The test client of the running server, with the application's JSON mapper.
	 * @param environment where the server's port ({@code local.server.port}) and {@code ws.path} are read
	 * @param jsonMapper the application's mapper, if any
	 * @return the test client
	 */
	@Bean
	@ConditionalOnMissingBean
	public WsTestClient wsTestClient(Environment environment, ObjectProvider<JsonMapper> jsonMapper) {
		return WsTestClient.bindTo(environment, jsonMapper.getIfAvailable(JsonMapper::new));
	}

}
