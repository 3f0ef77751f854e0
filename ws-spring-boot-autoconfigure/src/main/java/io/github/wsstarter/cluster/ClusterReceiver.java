package io.github.wsstarter.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wsstarter.session.WsSessionRegistry;

/**
 * What arrives on the broadcast channel, read and handed to the {@link ClusterInbox} for this instance's sessions:
 * other instances' broadcasts and commands, and other publishers' messages, each once. This instance's own messages are skipped (its sessions had
 * them when they were sent), but for its probes. A numbered message that was had already (a replay after a
 * reconnect) is skipped; numbers missed are counted as dropped. Called on the subscriber's thread, in the order Redis
 * sent the messages.
 *
 * @author ws-spring-boot-starter team
 */
final class ClusterReceiver {

	/** How many publishing processes are remembered for their numbers, the least recently heard dropped first. */
	private static final int PUBLISHERS = 1024;

	private final WsSessionRegistry registry;

	private final ClusterInbox inbox;

	private final ClusterEnvelope envelope;

	private final ClusterWarnings warnings;

	private final String channel;

	private final String instanceId;

	private final String epoch;

	private final long maxMessageSize;

	/** The last number heard from each publishing process (origin and epoch). */
	private final Map<String, Long> lastSeqs = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > PUBLISHERS;
		}

	};

	/**
	 * @param inbox delivers what is read, and takes this process's probes back
	 */
	ClusterReceiver(WsSessionRegistry registry, ClusterInbox inbox, ClusterEnvelope envelope,
			ClusterWarnings warnings, String channel, String instanceId, String epoch, long maxMessageSize) {
		this.registry = registry;
		this.inbox = inbox;
		this.envelope = envelope;
		this.warnings = warnings;
		this.channel = channel;
		this.instanceId = instanceId;
		this.epoch = epoch;
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Read one message of the broadcast channel and hand it over for delivery.
	 * @throws ClusterEnvelope.MalformedException if it is not of the format
	 */
	void receive(byte[] message) {
		if (message.length > this.maxMessageSize) {
			this.registry.getStatistics().clusterMalformed();
			this.warnings.tooLargeReceived(this.channel, message);
			return;
		}
		ClusterEnvelope.Decoded decoded = this.envelope.decode(message);
		if (this.instanceId.equals(decoded.origin()) && this.epoch.equals(decoded.epoch())) {
			if (decoded.probe() != null) {
				this.inbox.offerProbe(decoded.probe());
			}
			return;
		}
		if (!isNext(decoded)) {
			return;
		}
		if (decoded.broadcast() != null) {
			this.inbox.offer(decoded.broadcast());
		}
		else if (decoded.command() != null) {
			this.inbox.offer(decoded.command());
		}
	}

	/** Whether a message is new: not numbered, or numbered after the last one of its publisher. */
	private boolean isNext(ClusterEnvelope.Decoded decoded) {
		if (decoded.seq() < 0 || decoded.origin() == null) {
			return true;
		}
		String publisher = decoded.origin() + "/" + decoded.epoch();
		Long last;
		synchronized (this.lastSeqs) {
			last = this.lastSeqs.get(publisher);
			if (last != null && decoded.seq() <= last) {
				return false;
			}
			this.lastSeqs.put(publisher, decoded.seq());
		}
		if (last != null && decoded.seq() > last + 1) {
			long missed = decoded.seq() - last - 1;
			this.registry.getStatistics().clusterDropped(missed);
			this.warnings.missed(this.channel, decoded.origin(), missed);
		}
		return true;
	}

}
