package io.github.wsstarter.cluster;

import io.github.wsstarter.broadcast.LocalWsBroadcastTransport;
import io.github.wsstarter.broadcast.WsBroadcast;
import io.github.wsstarter.broadcast.WsBroadcastTransport;
import io.github.wsstarter.broadcast.WsSessionCommand;
import io.github.wsstarter.session.WsSessionRegistry;

import org.springframework.util.Assert;

/**
 * {@link WsBroadcastTransport} of a cluster: delivers each broadcast to the sessions of this instance directly, then
 * publishes it once, encoded once, for the other instances. Both happen on the calling thread, so what one thread
 * sends keeps its order everywhere. Never blocks on Redis.
 *
 * @author ws-spring-boot-starter team
 * @since 0.2.0
 */
public class RedisWsBroadcastTransport implements WsBroadcastTransport {

	private final LocalWsBroadcastTransport local;

	private final RedisWsCluster cluster;

	/**
	 * Create the transport.
	 * @param registry the sessions of this instance
	 * @param cluster the cluster the other instances are reached through
	 */
	public RedisWsBroadcastTransport(WsSessionRegistry registry, RedisWsCluster cluster) {
		Assert.notNull(cluster, "'cluster' must not be null");
		this.local = new LocalWsBroadcastTransport(registry);
		this.cluster = cluster;
	}

	@Override
	public void publish(WsBroadcast broadcast) {
		if (broadcast.scope() != WsBroadcast.Scope.SESSION) {
			this.local.deliver(broadcast);
		}
		this.cluster.publish(this.cluster.envelope().broadcast(broadcast));
	}

	@Override
	public void forward(WsSessionCommand command) {
		this.cluster.publish(this.cluster.envelope().command(command));
	}

}
