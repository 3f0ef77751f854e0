package io.github.wsstarter.actuate;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCluster;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsSessionRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * The {@code ws} health indicator: UP while the server accepts handshakes, OUT_OF_SERVICE after
 * {@link WsBroadcaster#shutdown()}, and, with the cluster, DOWN while the last end-to-end probe through Redis has not
 * come back (whether or not Redis answers a PING). Details: the open sessions of this instance, the endpoints,
 * whether handshakes are accepted and, with the cluster, the live instances. Thread-safe; never waits on Redis.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public class WsHealthIndicator implements HealthIndicator {

	private final WsSessionRegistry registry;

	private final WsBroadcaster broadcaster;

	private final Supplier<Set<String>> endpoints;

	private final @Nullable WsCluster cluster;

	/**
	 * Create the indicator.
	 * @param registry the sessions of this instance
	 * @param broadcaster tells whether the server was shut down
	 * @param endpoints the endpoint paths, asked for at each check
	 * @param cluster the cluster whose delivery counts, or {@code null} on a single instance
	 */
	public WsHealthIndicator(WsSessionRegistry registry, WsBroadcaster broadcaster, Supplier<Set<String>> endpoints,
			@Nullable WsCluster cluster) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(broadcaster, "'broadcaster' must not be null");
		Assert.notNull(endpoints, "'endpoints' must not be null");
		this.registry = registry;
		this.broadcaster = broadcaster;
		this.endpoints = endpoints;
		this.cluster = cluster;
	}

	@Override
	public Health health() {
		boolean accepting = !this.broadcaster.isShutdown();
		Health.Builder health;
		if (!accepting) {
			health = Health.outOfService();
		}
		else if (this.cluster != null && !this.cluster.isDelivering()) {
			health = Health.down();
		}
		else {
			health = Health.up();
		}
		health.withDetail("sessions", this.registry.sessions().stream().filter(DefaultWsSession::isOpen).count())
			.withDetail("endpoints", new TreeSet<>(this.endpoints.get()))
			.withDetail("acceptingHandshakes", accepting);
		if (this.cluster != null) {
			health.withDetail("instanceId", this.cluster.instanceId())
				.withDetail("instances", this.cluster.instances())
				.withDetail("delivering", this.cluster.isDelivering());
		}
		return health.build();
	}

}
