package io.github.wsstarter.cluster;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

/**
 * What this instance knows of another one: its process ({@code epoch}), when it was last heard, the number of its
 * last change applied, and its sessions with their rooms. Changed on the subscriber's thread (and {@code askedAt} on
 * it only); read from any thread.
 *
 * @author ws-spring-boot-starter team
 */
final class RemoteInstance {

	final String epoch;

	volatile long lastSeen;

	/** The number of the last change applied; -1 until a snapshot came. */
	volatile long seq = -1;

	long askedAt;

	private volatile State state = new State();

	RemoteInstance(String epoch, long askedAt) {
		this.epoch = epoch;
		this.askedAt = askedAt;
	}

	void replace(JsonNode sessions, long seq) {
		State fresh = new State();
		for (JsonNode entry : sessions) {
			String id = entry.path(0).asString(null);
			if (id != null) {
				fresh.open(id);
				for (int i = 1; i < entry.size(); i++) {
					fresh.join(id, entry.path(i).asString(""));
				}
			}
		}
		this.state = fresh;
		this.seq = seq;
	}

	void apply(JsonNode changes, long seq) {
		State current = this.state;
		for (JsonNode change : changes) {
			String id = change.path(1).asString("");
			switch (change.path(0).asString("")) {
				case "o" -> current.open(id);
				case "c" -> current.close(id);
				case "j" -> current.join(id, change.path(2).asString(""));
				case "l" -> current.leave(id, change.path(2).asString(""));
				default -> {
					// A change of a later version
				}
			}
		}
		this.seq = seq;
	}

	long sessionCount() {
		return this.state.sessions.size();
	}

	long roomSize(String room) {
		Set<String> members = this.state.rooms.get(room);
		return (members != null) ? members.size() : 0;
	}

	Set<String> roomNames() {
		return this.state.rooms.keySet();
	}

	boolean has(String sessionId) {
		return this.state.sessions.containsKey(sessionId);
	}

	/** One instance's sessions and rooms; changed on the subscriber's thread only, read from any. */
	private static final class State {

		final Map<String, Set<String>> sessions = new ConcurrentHashMap<>();

		final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();

		void open(String id) {
			this.sessions.putIfAbsent(id, ConcurrentHashMap.newKeySet());
		}

		void close(String id) {
			Set<String> joined = this.sessions.remove(id);
			if (joined != null) {
				joined.forEach((room) -> leaveRoom(id, room));
			}
		}

		void join(String id, String room) {
			Set<String> joined = this.sessions.get(id);
			if (joined != null && !room.isEmpty() && joined.add(room)) {
				this.rooms.computeIfAbsent(room, (name) -> ConcurrentHashMap.newKeySet()).add(id);
			}
		}

		void leave(String id, String room) {
			Set<String> joined = this.sessions.get(id);
			if (joined != null && joined.remove(room)) {
				leaveRoom(id, room);
			}
		}

		private void leaveRoom(String id, String room) {
			this.rooms.computeIfPresent(room, (name, members) -> {
				members.remove(id);
				return members.isEmpty() ? null : members;
			});
		}

	}

}
