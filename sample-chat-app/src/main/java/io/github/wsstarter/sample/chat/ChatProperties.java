package io.github.wsstarter.sample.chat;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The chat's own settings, under {@code chat.*} in application.yml (the starter's are under {@code ws.*}).
 *
 * @param historySize how many recent messages of each room a newcomer gets
 * @param rooms the rooms; the first is where everybody starts
 * @param maxMessageLength the longest message text, in characters
 * @param maxNickLength the longest nickname, in characters
 */
@ConfigurationProperties("chat")
record ChatProperties(@DefaultValue("100") int historySize, @DefaultValue({ "#general", "#random", "#help" }) List<String> rooms,
		@DefaultValue("500") int maxMessageLength, @DefaultValue("20") int maxNickLength) {

	String defaultRoom() {
		return this.rooms.get(0);
	}

}
