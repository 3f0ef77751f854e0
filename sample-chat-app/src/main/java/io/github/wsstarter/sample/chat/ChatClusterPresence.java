package io.github.wsstarter.sample.chat;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * With several instances ({@code ws.cluster.enabled}), each repeats who is online on it every two seconds: a page
 * that connects to one instance learns of the people on the others, and a page forgets an instance that is gone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("ws.cluster.enabled")
@EnableScheduling
class ChatClusterPresence {

	private final ChatHandler handler;

	ChatClusterPresence(ChatHandler handler) {
		this.handler = handler;
	}

	@Scheduled(fixedDelay = 2000)
	void repeat() {
		this.handler.sendPresence();
	}

}
