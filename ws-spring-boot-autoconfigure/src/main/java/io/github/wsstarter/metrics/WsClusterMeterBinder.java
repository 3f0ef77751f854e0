package io.github.wsstarter.metrics;

import java.util.function.ToDoubleFunction;

import io.github.wsstarter.WsCluster;
import io.github.wsstarter.session.WsStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * The cluster's meters ({@code ws.cluster.enabled}), read from {@link WsStatistics} and {@link WsCluster} when the
 * registry asks: {@code ws.cluster.published}, {@code received}, {@code dropped}, {@code malformed} (counters) and
 * {@code ws.cluster.instances} (a gauge of the live instances). The probe's round trips are recorded as they happen
 * by {@link MicrometerWsObserver}.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public class WsClusterMeterBinder implements MeterBinder {

	private final WsStatistics statistics;

	private final WsCluster cluster;

	/**
	 * Create a binder of the given cluster's meters.
	 * @param statistics the counts of this instance
	 * @param cluster the cluster's view
	 */
	public WsClusterMeterBinder(WsStatistics statistics, WsCluster cluster) {
		Assert.notNull(statistics, "'statistics' must not be null");
		Assert.notNull(cluster, "'cluster' must not be null");
		this.statistics = statistics;
		this.cluster = cluster;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "ws.cluster.published", "Messages published to the other instances",
				WsStatistics::getClusterPublished);
		counter(registry, "ws.cluster.received", "Messages received from the other instances and delivered here",
				WsStatistics::getClusterReceived);
		counter(registry, "ws.cluster.dropped",
				"Messages between instances lost: not published (Redis down, buffer full) or missed",
				WsStatistics::getClusterDropped);
		counter(registry, "ws.cluster.malformed", "Messages on the cluster's channel that could not be read",
				WsStatistics::getClusterMalformed);
		Gauge.builder("ws.cluster.instances", this.cluster, (cluster) -> cluster.instances().size())
			.description("Live instances of the cluster, this one included")
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description,
			ToDoubleFunction<WsStatistics> count) {
		FunctionCounter.builder(name, this.statistics, count).description(description).register(registry);
	}

}
