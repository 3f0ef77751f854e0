package io.github.wsstarter.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import io.github.wsstarter.broadcast.LocalWsBroadcastTransport;
import io.github.wsstarter.broadcast.WsBroadcast;
import io.github.wsstarter.broadcast.WsSessionCommand;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsFanOut;
import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsStatistics;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * What the other instances sent, delivered to this instance's sessions on a thread of its own, in the order it
 * arrived: Lettuce's event loop, which the application's own Redis connections share, only hands messages over. What
 * has arrived meanwhile is delivered as one batch, so that a session gets all of it in one write.
 * <p>
 * At most {@code capacity} broadcasts and commands wait; one more is dropped and counted. A probe always waits its
 * turn, so that one coming back proves this thread delivers too.
 *
 * @author ws-spring-boot-starter team
 */
final class ClusterInbox {

	/** Most messages delivered as one batch. */
	static final int BATCH = 256;

	private final WsSessionRegistry registry;

	private final LocalWsBroadcastTransport delivery;

	private final ClusterWarnings warnings;

	private final String channel;

	private final int capacity;

	private final Consumer<String> probes;

	private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

	private final CustomizableThreadFactory threads;

	private volatile @Nullable Thread thread;

	/**
	 * @param probes told the nonce of each of this process's probes, once what arrived before it is delivered
	 */
	ClusterInbox(WsSessionRegistry registry, ClusterWarnings warnings, String channel, String instanceId,
			int capacity, Consumer<String> probes) {
		this.registry = registry;
		this.delivery = new LocalWsBroadcastTransport(registry);
		this.warnings = warnings;
		this.channel = channel;
		this.capacity = capacity;
		this.probes = probes;
		this.threads = new CustomizableThreadFactory("ws-cluster-in-" + instanceId + "-");
		this.threads.setDaemon(true);
	}

	/** Take a broadcast or a command for delivery; refused (dropped and counted) when full or stopped. */
	void offer(Object message) {
		if (this.thread == null || this.queue.size() >= this.capacity) {
			this.registry.getStatistics().clusterDropped();
			this.warnings.inboxFull(this.channel, this.capacity);
			return;
		}
		this.queue.add(message);
	}

	/** Take one of this process's probes back, behind what arrived before it. */
	void offerProbe(String nonce) {
		if (this.thread != null) {
			this.queue.add(new Probe(nonce));
		}
	}

	void start() {
		if (this.thread == null) {
			Thread thread = this.threads.newThread(this::run);
			this.thread = thread;
			thread.start();
		}
	}

	/** Stop delivering; what waits is dropped. */
	void stop() {
		Thread thread = this.thread;
		this.thread = null;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.queue.clear();
	}

	private void run() {
		List<Object> batch = new ArrayList<>(BATCH);
		while (this.thread == Thread.currentThread()) {
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				return;
			}
			this.queue.drainTo(batch, BATCH - 1);
			deliver(batch);
			batch.clear();
		}
	}

	private void deliver(List<Object> batch) {
		WsStatistics statistics = this.registry.getStatistics();
		WsFanOut fanOut = this.registry.fanOutBatch();
		try {
			for (Object message : batch) {
				try {
					if (message instanceof WsBroadcast broadcast) {
						statistics.clusterReceived();
						this.delivery.deliver(broadcast, fanOut);
					}
					else if (message instanceof WsSessionCommand command) {
						fanOut.flush();
						DefaultWsSession session = this.registry.get(command.sessionId());
						if (session != null) {
							statistics.clusterReceived();
							command.applyTo(session);
						}
					}
					else if (message instanceof Probe probe) {
						fanOut.flush();
						this.probes.accept(probe.nonce());
					}
				}
				catch (RuntimeException ex) {
					this.warnings.failedDelivery(ex);
				}
			}
		}
		finally {
			fanOut.flush();
		}
	}

	private record Probe(String nonce) {
	}

}
