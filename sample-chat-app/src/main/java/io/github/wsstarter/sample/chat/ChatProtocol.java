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

	/**
	 * {@code {"type":"join","nick":"ann","room":"#general","token":"..."}}: take a nickname and enter a room, or switch
	 * rooms. The token, random per browser tab, lets a tab that reconnects take its nickname back from its own old
	 * connection before the server has noticed that one is gone.
	 */
	record Join(String nick, String room, String token) {
	}

	/** {@code {"type":"chat","text":"hello"}}: say something in the current room. */
	record Say(String text) {
	}

	// What the server sends

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
	sealed interface Event permits Chat, Joined, Left, Presence, History, ErrorMessage, Pong {
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

	/**
	 * Everybody online on one instance of the chat, with the room each is in; sent to all whenever it changes. With
	 * several instances (the cluster profile) each sends its own, and the page shows those of the live instances.
	 */
	@JsonTypeName("presence")
	record Presence(String instance, List<String> instances, List<Member> online) implements Event {
	}

	record Member(String nick, String room) {
	}

	/** The recent messages of a room, oldest first: sent on connecting and on entering a room. */
	@JsonTypeName("history")
	record History(String room, List<Chat> messages) implements Event {
	}

	/** What was wrong with the last thing this client sent. The connection stays open. */
	@JsonTypeName("error")
	record ErrorMessage(String message) implements Event {
	}

	/** The answer to {@code {"type":"ping"}}, which the page sends to find out that the server is still there. */
	@JsonTypeName("pong")
	record Pong() implements Event {
	}

}
