package io.github.wsstarter.sample.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsDecodeException;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnError;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.sample.chat.ChatProtocol.Chat;
import io.github.wsstarter.sample.chat.ChatProtocol.Error;
import io.github.wsstarter.sample.chat.ChatProtocol.History;
import io.github.wsstarter.sample.chat.ChatProtocol.Join;
import io.github.wsstarter.sample.chat.ChatProtocol.Joined;
import io.github.wsstarter.sample.chat.ChatProtocol.Left;
import io.github.wsstarter.sample.chat.ChatProtocol.Presence;
import io.github.wsstarter.sample.chat.ChatProtocol.Say;

import org.springframework.stereotype.Component;

/**
 * The chat: the whole server side is these handler methods. Each client's nickname and room live in its session's
 * attributes; rooms are the starter's rooms, so {@code sendToRoom} reaches exactly the people in a room.
 */
@Component
class ChatHandler {

	private static final String NICK = "nick";

	private static final String ROOM = "room";

	private final WsBroadcaster broadcaster;

	private final ChatHistory history;

	private final ChatProperties properties;

	/** Nicknames in use (lower case) and the id of the session holding each: a nickname is unique while online. */
	private final Map<String, String> nicks = new ConcurrentHashMap<>();

	ChatHandler(WsBroadcaster broadcaster, ChatHistory history, ChatProperties properties) {
		this.broadcaster = broadcaster;
		this.history = history;
		this.properties = properties;
	}

	/** Like the first seed's example: a newcomer sees the recent messages at once, even before choosing a name. */
	@WsOnInit
	History connected() {
		String room = this.properties.defaultRoom();
		return new History(room, this.history.recent(room));
	}

	/** Take a nickname and enter a room; joining another room later switches to it. */
	@WsOnMessage("join")
	void join(WsSession session, Join join) {
		String nick = claimNick(session, join.nick());
		String room = checkRoom(join.room());
		String previous = (String) session.attributes().put(ROOM, room);
		if (previous != null && !previous.equals(room)) {
			session.leave(previous);
			this.broadcaster.sendToRoom(previous, new Left(previous, nick, Instant.now()));
		}
		this.history.enter(room, (recent) -> {
			session.send(new History(room, recent));
			session.join(room);
		});
		if (!room.equals(previous)) {
			this.broadcaster.sendToRoom(room, new Joined(room, nick, Instant.now()));
		}
		sendPresence();
	}

	@WsOnMessage("chat")
	void say(WsSession session, Say say) {
		String nick = (String) session.attributes().get(NICK);
		String room = (String) session.attributes().get(ROOM);
		if (nick == null || room == null) {
			throw new ChatRefusal("Choose a nickname and a room before you chat");
		}
		String text = (say.text() != null) ? say.text().strip() : "";
		if (text.isEmpty()) {
			throw new ChatRefusal("Message is empty");
		}
		if (text.length() > this.properties.maxMessageLength()) {
			throw new ChatRefusal("Message is longer than " + this.properties.maxMessageLength() + " characters");
		}
		this.history.publish(new Chat(room, nick, text, Instant.now()),
				(message) -> this.broadcaster.sendToRoom(room, message));
	}

	/** The session has already left its room when this runs, so the presence sent from here is without it. */
	@WsOnClose
	void disconnected(WsSession session) {
		String nick = (String) session.attributes().get(NICK);
		if (nick == null) {
			return;
		}
		this.nicks.remove(key(nick), session.id());
		String room = (String) session.attributes().get(ROOM);
		if (room != null) {
			this.broadcaster.sendToRoom(room, new Left(room, nick, Instant.now()));
		}
		sendPresence();
	}

	/** Bad input: tell that client only, and keep its connection. */
	@WsOnError
	Error refused(ChatRefusal refusal) {
		return new Error(refusal.getMessage());
	}

	/** Not JSON, or a type the chat does not know: the starter would close with 1007; the chat answers instead. */
	@WsOnError
	Error unreadable(WsDecodeException ex) {
		return new Error("Unreadable message: send JSON with a type of 'join' or 'chat'");
	}

	private String claimNick(WsSession session, String requested) {
		String nick = (requested != null) ? requested.strip() : "";
		if (nick.isEmpty()) {
			throw new ChatRefusal("Nickname is empty");
		}
		if (nick.length() > this.properties.maxNickLength()) {
			throw new ChatRefusal("Nickname is longer than " + this.properties.maxNickLength() + " characters");
		}
		if (nick.chars().anyMatch(Character::isISOControl)) {
			throw new ChatRefusal("Nickname has control characters");
		}
		String holder = this.nicks.putIfAbsent(key(nick), session.id());
		if (holder != null && !holder.equals(session.id())) {
			throw new ChatRefusal("Nickname '" + nick + "' is taken");
		}
		String previous = (String) session.attributes().put(NICK, nick);
		if (previous != null && !key(previous).equals(key(nick))) {
			this.nicks.remove(key(previous), session.id());
		}
		return nick;
	}

	private String checkRoom(String room) {
		if (room == null || !this.properties.rooms().contains(room)) {
			throw new ChatRefusal("No such room; the rooms are " + String.join(", ", this.properties.rooms()));
		}
		return room;
	}

	/** Every room learns who is in it, and everybody how many are online. */
	private void sendPresence() {
		Map<String, List<String>> inRoom = new HashMap<>();
		int online = 0;
		for (WsSession session : this.broadcaster.sessions()) {
			Object nick = session.attributes().get(NICK);
			Object room = session.attributes().get(ROOM);
			if (nick != null && room != null) {
				online++;
				inRoom.computeIfAbsent((String) room, (key) -> new ArrayList<>()).add((String) nick);
			}
		}
		for (String room : this.properties.rooms()) {
			List<String> nicks = inRoom.getOrDefault(room, new ArrayList<>());
			nicks.sort(String.CASE_INSENSITIVE_ORDER);
			this.broadcaster.sendToRoom(room, new Presence(room, nicks, online));
		}
	}

	private static String key(String nick) {
		return nick.toLowerCase(Locale.ROOT);
	}

}
