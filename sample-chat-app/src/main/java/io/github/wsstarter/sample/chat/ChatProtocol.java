package io.github.wsstarter.sample.chat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * The JSON messages of the chat. Every message is an object with a {@code type} field: the starter routes what
 * clients send by that field to the matching {@code @WsOnMessage("...")} method, and Jackson writes it into what the
 * server sends from the {@code @JsonTypeName} of each record.
 */
final class ChatProtocol {

	private ChatProtocol() {
	}

	// What clients send

	/** {@code {"type":"join","nick":"ann","room":"#general"}}: take a nickname and enter a room (or switch to it). */
	record Join(String nick, String room) {
	}

	/** {@code {"type":"chat","text":"hello"}}: say something in the current room. */
	record Say(String text) {
	}

	// What the server sends

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
	sealed interface Event permits Chat, Joined, Left, Presence, History, Error {
	}

	/** A message said in a room. */
	@JsonTypeName("chat")
	record Chat(String room, String nick, String text, Instant time) implements Event {
	}

	/** Somebody entered the room. */
	@JsonTypeName("join")
	record Joined(String room, String nick, Instant time) implements Event {
	}

	/** Somebody left the room, or the chat. */
	@JsonTypeName("leave")
	record Left(String room, String nick, Instant time) implements Event {
	}

	/** Who is in the room, and how many people are online in all rooms. */
	@JsonTypeName("presence")
	record Presence(String room, List<String> nicks, int online) implements Event {
	}

	/** The recent messages of a room, oldest first: sent on connecting and on entering a room. */
	@JsonTypeName("history")
	record History(String room, List<Chat> messages) implements Event {
	}

	/** What was wrong with the last thing this client sent. The connection stays open. */
	@JsonTypeName("error")
	record Error(String message) implements Event {
	}

}
