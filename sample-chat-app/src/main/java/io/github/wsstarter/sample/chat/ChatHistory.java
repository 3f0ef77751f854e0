package io.github.wsstarter.sample.chat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.github.wsstarter.sample.chat.ChatProtocol.Chat;

import org.springframework.stereotype.Component;

/**
 * The last {@code chat.history-size} messages of each room, in memory.
 * <p>
 * Thread-safe: messages arrive on many container threads at once. Storing a message and sending it to the room
 * happen under the room's lock, and so do replaying the history to a newcomer and letting it in: a newcomer sees
 * every message exactly once, either in the history or live.
 */
@Component
class ChatHistory {

	private final int size;

	private final Map<String, Deque<Chat>> rooms = new ConcurrentHashMap<>();

	ChatHistory(ChatProperties properties) {
		this.size = properties.historySize();
	}

	/** Store a message and deliver it, before any later message of the room. */
	void publish(Chat message, Consumer<Chat> delivery) {
		Deque<Chat> room = room(message.room());
		synchronized (room) {
			room.addLast(message);
			if (room.size() > this.size) {
				room.removeFirst();
			}
			delivery.accept(message);
		}
	}

	/**
	 * Hand the recent messages of a room to a consumer that replays them to a newcomer and lets it into the room,
	 * under the room's lock: no message is published in between, so none is missed or seen twice.
	 */
	void replayThenJoin(String name, Consumer<List<Chat>> replayAndJoin) {
		Deque<Chat> room = room(name);
		synchronized (room) {
			replayAndJoin.accept(List.copyOf(room));
		}
	}

	List<Chat> recent(String name) {
		Deque<Chat> room = room(name);
		synchronized (room) {
			return List.copyOf(room);
		}
	}

	private Deque<Chat> room(String name) {
		return this.rooms.computeIfAbsent(name, (key) -> new ArrayDeque<>());
	}

}
