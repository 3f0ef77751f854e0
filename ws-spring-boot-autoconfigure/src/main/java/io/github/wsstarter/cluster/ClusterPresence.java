package io.github.wsstarter.cluster;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsSessionListener;
import io.github.wsstarter.session.WsSessionRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who is connected where: this instance tells the others of its sessions, and keeps a copy of theirs, so that
 * presence questions are answered from memory.
 * <p>
 * On the presence channel each instance publishes, as JSON objects with a {@code type}: a {@code delta} of its
 * changes every 100 ms (sessions opened, closed, rooms joined and left), numbered by {@code seq}; a {@code heartbeat}
 * with its current {@code seq}; a whole {@code snapshot} when another instance asks with {@code sync} (it saw a gap in
 * the numbers, or an instance it did not know); {@code bye} when it stops. Applying a change twice does nothing, so a
 * snapshot may overlap the deltas after it. An instance not heard from for the instance timeout is forgotten. Every
 * message carries the sender's {@code epoch}, random per process: an instance that restarted under the same id is
 * learnt afresh, and two live processes with one id are reported.
 * <p>
 * Changes are recorded from any thread; messages are applied on the subscriber's thread; everything else runs on the
 * cluster's thread. Reads are safe from any thread.
 *
 * @author ws-spring-boot-starter team
 */
final class ClusterPresence implements WsSessionListener {

	private static final long SNAPSHOT_NANOS = 1_000_000_000L;

	/** Most changes in one delta message. */
	private static final int MAX_CHANGES = 1000;

	private final String instanceId;

	private final String epoch;

	private final JsonMapper jsonMapper;

	private final WsSessionRegistry registry;

	private final Consumer<byte[]> publisher;

	private final ConcurrentLinkedQueue<String[]> changes = new ConcurrentLinkedQueue<>();

	private final AtomicLong seq = new AtomicLong();

	private final AtomicBoolean snapshotRequested = new AtomicBoolean();

	private final Map<String, RemoteInstance> remotes = new ConcurrentHashMap<>();

	private final Consumer<String> duplicateId;

	private long lastSnapshot;

	/**
	 * @param duplicateId told the epoch of another process that presents itself with this instance's id
	 */
	ClusterPresence(String instanceId, String epoch, JsonMapper jsonMapper, WsSessionRegistry registry,
			Consumer<byte[]> publisher, Consumer<String> duplicateId) {
		this.instanceId = instanceId;
		this.epoch = epoch;
		this.duplicateId = duplicateId;
		this.jsonMapper = jsonMapper;
		this.registry = registry;
		this.publisher = publisher;
	}

	@Override
	public void opened(DefaultWsSession session) {
		this.changes.add(new String[] { "o", session.id() });
	}

	@Override
	public void closed(DefaultWsSession session) {
		this.changes.add(new String[] { "c", session.id() });
	}

	@Override
	public void joined(DefaultWsSession session, String room) {
		this.changes.add(new String[] { "j", session.id(), room });
	}

	@Override
	public void left(DefaultWsSession session, String room) {
		this.changes.add(new String[] { "l", session.id(), room });
	}

	/**
	 * Publish what changed since the last call (in deltas of at most {@link #MAX_CHANGES} changes), and a snapshot if
	 * one was asked for. Cluster thread.
	 */
	void tick() {
		while (!this.changes.isEmpty()) {
			ArrayNode list = this.jsonMapper.createArrayNode();
			for (String[] change = this.changes.poll(); change != null; change = this.changes.poll()) {
				ArrayNode entry = list.addArray();
				for (String part : change) {
					entry.add(part);
				}
				if (list.size() == MAX_CHANGES) {
					break;
				}
			}
			ObjectNode delta = message("delta").put("seq", this.seq.incrementAndGet());
			delta.set("changes", list);
			publish(delta);
		}
		long now = System.nanoTime();
		// At most one snapshot a second, however often others ask
		if (now - this.lastSnapshot >= SNAPSHOT_NANOS && this.snapshotRequested.getAndSet(false)) {
			publishSnapshot();
		}
	}

	/** Publish every open session of this instance with its rooms, numbered as the last delta. Cluster thread. */
	void publishSnapshot() {
		this.lastSnapshot = System.nanoTime();
		ObjectNode snapshot = message("snapshot").put("seq", this.seq.get());
		ArrayNode sessions = snapshot.putArray("sessions");
		for (DefaultWsSession session : this.registry.sessions()) {
			if (session.isOpen()) {
				ArrayNode entry = sessions.addArray().add(session.id());
				session.rooms().forEach(entry::add);
			}
		}
		publish(snapshot);
	}

	void heartbeat() {
		publish(message("heartbeat").put("seq", this.seq.get()));
	}

	/**
	 * Say hello after (re)connecting: this instance's snapshot, and a request for everybody else's. Changes not yet
	 * sent follow as deltas; applying one that the snapshot already has changes nothing.
	 */
	void hello() {
		publishSnapshot();
		publish(message("sync").put("to", "*"));
	}

	byte[] bye() {
		return this.jsonMapper.writeValueAsBytes(message("bye"));
	}

	/** Forget every other instance: while the link is down, none is known to be live. */
	void forgetAll() {
		this.remotes.clear();
	}

	/** Forget the instances not heard from since {@code silentSince} (a {@link System#nanoTime()}). */
	void expire(long silentSince) {
		this.remotes.values().removeIf((remote) -> remote.lastSeen - silentSince < 0);
	}

	/**
	 * Apply a message from the presence channel. Subscriber thread.
	 * @throws ClusterEnvelope.MalformedException if it cannot be read
	 */
	void receive(byte[] message) {
		JsonNode node;
		try {
			node = this.jsonMapper.readTree(message);
		}
		catch (RuntimeException ex) {
			throw new ClusterEnvelope.MalformedException("not JSON");
		}
		String from = (node != null && node.path("instance").isString()) ? node.path("instance").stringValue() : null;
		String type = (node != null && node.path("type").isString()) ? node.path("type").stringValue() : null;
		if (from == null || type == null) {
			throw new ClusterEnvelope.MalformedException("presence message without 'instance' and 'type'");
		}
		String epoch = node.path("epoch").asString("");
		if (from.equals(this.instanceId)) {
			if (!epoch.equals(this.epoch)) {
				this.duplicateId.accept(epoch);
			}
			return;
		}
		if (type.equals("bye")) {
			// Only the process that said it: in a rolling restart the new one may already be there under the same id
			this.remotes.computeIfPresent(from, (id, known) -> known.epoch.equals(epoch) ? null : known);
			return;
		}
		if (type.equals("sync")) {
			String to = node.path("to").asString("");
			if (to.equals("*") || to.equals(this.instanceId)) {
				this.snapshotRequested.set(true);
			}
		}
		RemoteInstance remote = this.remotes.compute(from, (id, known) -> (known == null) ? new RemoteInstance(epoch, 0)
				: known.epoch.equals(epoch) ? known : new RemoteInstance(epoch, known.askedAt));
		remote.lastSeen = System.nanoTime();
		long seq = node.path("seq").asLong(-1);
		switch (type) {
			case "snapshot" -> remote.replace(node.path("sessions"), seq);
			case "delta" -> {
				if (remote.seq >= 0 && seq == remote.seq + 1) {
					remote.apply(node.path("changes"), seq);
				}
				else if (remote.seq < 0 || seq > remote.seq + 1) {
					askForSnapshot(from, remote);
				}
			}
			case "heartbeat" -> {
				if (remote.seq != seq) {
					askForSnapshot(from, remote);
				}
			}
			default -> {
				// A type of a later version: the instance is alive, nothing more to learn
			}
		}
	}

	private void askForSnapshot(String instance, RemoteInstance remote) {
		long now = System.nanoTime();
		if (remote.askedAt == 0 || now - remote.askedAt > 1_000_000_000L) {
			remote.askedAt = now;
			publish(message("sync").put("to", instance));
		}
	}

	Set<String> instances() {
		Set<String> instances = new HashSet<>(this.remotes.keySet());
		instances.add(this.instanceId);
		return Set.copyOf(instances);
	}

	long remoteSessionCount() {
		long count = 0;
		for (RemoteInstance remote : this.remotes.values()) {
			count += remote.sessionCount();
		}
		return count;
	}

	long remoteRoomSize(String room) {
		long count = 0;
		for (RemoteInstance remote : this.remotes.values()) {
			count += remote.roomSize(room);
		}
		return count;
	}

	void addRemoteRoomNames(Set<String> names) {
		for (RemoteInstance remote : this.remotes.values()) {
			names.addAll(remote.roomNames());
		}
	}

	boolean isConnectedElsewhere(String sessionId) {
		for (RemoteInstance remote : this.remotes.values()) {
			if (remote.has(sessionId)) {
				return true;
			}
		}
		return false;
	}

	private ObjectNode message(String type) {
		return this.jsonMapper.createObjectNode()
			.put("type", type)
			.put("instance", this.instanceId)
			.put("epoch", this.epoch);
	}

	private void publish(ObjectNode message) {
		this.publisher.accept(this.jsonMapper.writeValueAsBytes(message));
	}

	@Override
	public String toString() {
		return "ClusterPresence[" + this.instanceId + ", " + this.remotes.keySet() + "]";
	}

}
