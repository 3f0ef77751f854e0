package io.github.wsstarter.cluster;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;

/**
 * What the cluster logs: an outage at WARN when it starts and at INFO when it ends, never per message; unreadable
 * messages on the channel, missed and oversized ones at WARN, at most one line of each kind per 10 s (the others
 * counted in the next line of that kind), each with the start of the message only, made printable.
 *
 * @author ws-spring-boot-starter team
 */
final class ClusterWarnings {

	private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final int SHOWN_BYTES = 60;

	private final Log logger;

	private boolean inOutage;

	private long outageStart;

	private long droppedAtStart;

	/** Per kind of warning: when its last line was logged, and how many were not logged since. */
	private final java.util.Map<String, long[]> quiet = new java.util.HashMap<>();

	ClusterWarnings(Log logger) {
		this.logger = logger;
	}

	synchronized void outage(String channel, String reason, long dropped) {
		if (this.inOutage) {
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("WebSocket cluster on '" + channel + "' still cut off: " + reason);
			}
			return;
		}
		this.inOutage = true;
		this.outageStart = System.nanoTime();
		this.droppedAtStart = dropped;
		this.logger.warn("WebSocket cluster on Redis channel '" + channel + "' cannot reach the other instances ("
				+ reason + "); messages for them are dropped and counted until Redis is back, and sessions here "
				+ "are served as before");
	}

	synchronized void recovered(String channel, long dropped) {
		if (!this.inOutage) {
			return;
		}
		this.inOutage = false;
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.outageStart);
		this.logger.info("WebSocket cluster on Redis channel '" + channel + "' reaches the other instances again after "
				+ millis + " ms; " + (dropped - this.droppedAtStart) + " messages for them were dropped meanwhile");
	}

	void malformed(String channel, String reason, byte[] message) {
		warn("malformed", "Ignored a message on Redis channel '" + channel + "' that is not a WebSocket cluster message ("
				+ reason + "): " + shown(message));
	}

	void tooLarge(String channel, int size, long limit) {
		warn("too-large", "Did not publish a message of " + size + " bytes on Redis channel '" + channel
				+ "': larger than ws.cluster.max-message-size (" + limit + " bytes); the other instances do not get it");
	}

	void tooLargeReceived(String channel, byte[] message) {
		warn("too-large-received", "Ignored a message of " + message.length + " bytes on Redis channel '" + channel
				+ "': larger than ws.cluster.max-message-size: " + shown(message));
	}

	void missed(String channel, String origin, long count) {
		warn("missed", "Missed " + count + " messages of instance '" + origin + "' on Redis channel '" + channel
				+ "' (the connection to Redis dropped); they are counted as dropped");
	}

	void inboxFull(String channel, int capacity) {
		warn("inbox-full", "Dropped a message from Redis channel '" + channel + "': " + capacity + " messages from the "
				+ "other instances wait for delivery here already (ws.cluster.receive-buffer); it is counted as dropped");
	}

	void duplicateId(String instanceId, String otherEpoch) {
		warn("duplicate-id", "Another process calls itself WebSocket cluster instance '" + instanceId + "' (epoch " + otherEpoch
				+ "): give every instance its own ws.cluster.instance-id, or leave it unset for a random one");
	}

	void failedDelivery(RuntimeException ex) {
		warn("failed", "Could not handle a WebSocket cluster message: " + ex);
	}

	private void warn(String kind, String line) {
		long now = System.nanoTime();
		long dropped;
		synchronized (this) {
			long[] state = this.quiet.computeIfAbsent(kind, (key) -> new long[2]);
			if (state[0] != 0 && now - state[0] < QUIET_NANOS) {
				state[1]++;
				return;
			}
			state[0] = now;
			dropped = state[1];
			state[1] = 0;
		}
		this.logger.warn((dropped > 0) ? line + " (" + dropped + " more like it in the last 10 s not logged)" : line);
	}

	/** The start of a message, with anything but printable ASCII escaped. */
	static String shown(byte[] message) {
		String text = new String(message, 0, Math.min(message.length, SHOWN_BYTES), StandardCharsets.UTF_8);
		StringBuilder shown = new StringBuilder(text.length() + 2).append('\'');
		text.codePoints().forEach((c) -> {
			if (c >= 0x20 && c < 0x7f && c != '\\') {
				shown.append((char) c);
			}
			else {
				shown.append(String.format("\\u%04x", c & 0xffff));
			}
		});
		shown.append('\'');
		if (message.length > SHOWN_BYTES) {
			shown.append("... (").append(message.length).append(" bytes)");
		}
		return shown.toString();
	}

}
