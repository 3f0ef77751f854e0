package io.github.wsstarter.sample.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A browser chat on ws-spring-boot-starter. Run it with {@code mvn -pl sample-chat-app -am spring-boot:run} from the
 * repository root and open http://localhost:8080 in two browser windows.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatApplication {

	public static void main(String[] args) {
		SpringApplication.run(ChatApplication.class, args);
	}

}
