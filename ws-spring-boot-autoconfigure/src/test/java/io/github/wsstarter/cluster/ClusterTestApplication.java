package io.github.wsstarter.cluster;

import java.util.ArrayList;
import java.util.List;

import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;

/**
 * One instance of a clustered application: its sessions are told their id first, and join a room when they send
 * {@code join:<room>}.
 */
@SpringBootApplication(proxyBeanMethods = false)
class ClusterTestApplication {

	static ConfigurableApplicationContext start(int redisPort, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1", "ws.path=/ws",
				"ws.cluster.enabled=true", "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redisPort,
				"ws.cluster.probe-interval=1s", "ws.cluster.instance-timeout=3s", "ws.cluster.max-message-size=64KB", "spring.main.banner-mode=off",
				"ws.client-fault-warnings-per-minute=100000",
				"management.endpoint.health.show-details=always"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(ClusterTestApplication.class).web(WebApplicationType.SERVLET)
			.properties(all.toArray(String[]::new))
			.run();
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/** Spring Security is on the tests' class path: these tests need no login. */
	@Bean
	SecurityFilterChain openToAll(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
	}

	@Component
	static class Handler {

		@WsOnInit
		String opened(WsSession session) {
			return "id:" + session.id();
		}

		@WsOnMessage
		void message(WsSession session, String text) {
			if (text.startsWith("join:")) {
				session.join(text.substring(5));
				session.send("joined:" + text.substring(5));
			}
		}

	}

}
