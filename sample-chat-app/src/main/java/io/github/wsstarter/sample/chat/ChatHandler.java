package io.github.wsstarter.sample.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCluster;
import io.github.wsstarter.WsDecodeException;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnError;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.sample.chat.ChatProtocol.Chat;
import io.github.wsstarter.sample.chat.ChatProtocol.ErrorMessage;
import io.github.wsstarter.sample.chat.ChatProtocol.History;
import io.github.wsstarter.sample.chat.ChatProtocol.Join;
import io.github.wsstarter.sample.chat.ChatProtocol.Joined;
import io.github.wsstarter.sample.chat.ChatProtocol.Left;
import io.github.wsstarter.sample.chat.ChatProtocol.Member;
import io.github.wsstarter.sample.chat.ChatProtocol.Pong;
import io.github.wsstarter.sample.chat.ChatProtocol.Presence;
import io.github.wsstarter.sample.chat.ChatProtocol.Say;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

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

	private final WsCluster cluster;

	/** Nicknames in use (lower case) and who holds each: a nickname is unique while its holder is online. */
	private final Map<String, Holder> nicks = new ConcurrentHashMap<>();

	private record Holder(String sessionId, String token) {
	}

	ChatHandler(WsBroadcaster broadcaster, ChatHistory history, ChatProperties properties, WsCluster cluster) {
		this.broadcaster = broadcaster;
		this.cluster = cluster;
		this.history = history;
		this.properties = properties;
	}

	/** A newcomer sees the recent messages at once, before even choosing a nickname. */
	@WsOnInit
	History connected() {
		String room = this.properties.defaultRoom();
		return new History(room, this.history.recent(room));
	}

	/** Take a nickname and enter a room; joining another room later switches to it. */
	@WsOnMessage("join")
	void join(WsSession session, Join join) {
		String room = checkRoom(join.room());
		String nick = claimNick(session, join.nick(), join.token());
		String previous = (String) session.attributes().put(ROOM, room);
		if (previous != null && !previous.equals(room)) {
			session.leave(previous);
			this.broadcaster.sendToRoom(previous, new Left(previous, nick, Instant.now()));
		}
		this.history.replayThenJoin(room, (recent) -> {
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

	/**
	 * The page pings now and then: a connection that carries nothing for long may have died on the way (a laptop
	 * lid, a train tunnel) without the browser noticing, and an answer proves it has not.
	 */
	@WsOnMessage("ping")
	Pong ping(JsonNode ping) {
		return new Pong();
	}

	/** The session has already left its room when this runs, so the presence sent from here is without it. */
	@WsOnClose
	void disconnected(WsSession session) {
		String nick = (String) session.attributes().get(NICK);
		if (nick == null) {
			return;
		}
		this.nicks.computeIfPresent(key(nick), (key, holder) -> holder.sessionId().equals(session.id()) ? null : holder);
		String room = (String) session.attributes().get(ROOM);
		if (room != null) {
			this.broadcaster.sendToRoom(room, new Left(room, nick, Instant.now()));
		}
		sendPresence();
	}

	/** Bad input: tell that client only, and keep its connection. */
	@WsOnError
	ErrorMessage refused(ChatRefusal refusal) {
		return new ErrorMessage(refusal.getMessage());
	}

	/** Not JSON, or a type the chat does not know: the starter would close with 1007; the chat answers instead. */
	@WsOnError
	ErrorMessage unreadable(WsDecodeException ex) {
		return new ErrorMessage("Unreadable message: send JSON with a type of 'join' or 'chat'");
	}

	private String claimNick(WsSession session, String requested, String token) {
		String nick = (requested != null) ? requested.strip() : "";
		if (nick.isEmpty()) {
			throw new ChatRefusal("Nickname is empty");
		}
		if (nick.length() > this.properties.maxNickLength()) {
			throw new ChatRefusal("Nickname is longer than " + this.properties.maxNickLength() + " characters");
		}
		// Control characters, and invisible ones (zero-width, bidi overrides) that would let two names look alike
		if (nick.chars().anyMatch((c) -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
			throw new ChatRefusal("Nickname has invisible or control characters");
		}
		String current = (String) session.attributes().get(NICK);
		if (current != null && !key(current).equals(key(nick))) {
			throw new ChatRefusal("You are " + current + " on this connection; reconnect to change your nickname");
		}
		String myToken = (token != null) ? token : "";
		Holder mine = new Holder(session.id(), myToken);
		Holder[] replaced = new Holder[1];
		Holder holder = this.nicks.compute(key(nick), (key, existing) -> {
			// Free, or held by this session, by a session that has closed, or by this tab's previous connection
			if (existing == null || existing.sessionId().equals(session.id())
					|| this.broadcaster.session(existing.sessionId()).isEmpty()
					|| (!myToken.isEmpty() && existing.token().equals(myToken))) {
				replaced[0] = existing;
				return mine;
			}
			return existing;
		});
		if (!holder.equals(mine)) {
			throw new ChatRefusal("Nickname '" + nick + "' is taken");
		}
		session.attributes().put(NICK, nick);
		if (replaced[0] != null && !replaced[0].sessionId().equals(session.id())) {
			// This tab's old connection, which the server has not seen die yet: it must not appear online twice
			this.broadcaster.session(replaced[0].sessionId()).ifPresent((old) -> {
				old.attributes().remove(NICK);
				old.close(CloseStatus.NORMAL.withReason("replaced by a new connection"));
			});
		}
		return nick;
	}

	private String checkRoom(String room) {
		if (room == null || !this.properties.rooms().contains(room)) {
			throw new ChatRefusal("No such room; the rooms are " + String.join(", ", this.properties.rooms()));
		}
		return room;
	}

	/**
	 * Tell everybody who is online here and where. Synchronized, so that two changes at once cannot send their
	 * snapshots in the wrong order and leave an old list on the pages. With several instances, each says who is on
	 * it, now and then too ({@link ChatClusterPresence}), so that a page that just connected learns of them all.
	 */
	synchronized void sendPresence() {
		List<Member> online = new ArrayList<>();
		for (WsSession session : this.broadcaster.sessions()) {
			Object nick = session.attributes().get(NICK);
			Object room = session.attributes().get(ROOM);
			if (nick != null && room != null && session.isOpen()) {
				online.add(new Member((String) nick, (String) room));
			}
		}
		online.sort(Comparator.comparing(Member::nick, String.CASE_INSENSITIVE_ORDER));
		this.broadcaster.sendAll(new Presence(this.cluster.instanceId(), List.copyOf(this.cluster.instances()), online));
	}

	private static String key(String nick) {
		return nick.toLowerCase(Locale.ROOT);
	}

}
