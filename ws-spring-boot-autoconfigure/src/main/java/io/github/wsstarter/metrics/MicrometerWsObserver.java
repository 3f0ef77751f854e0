package io.github.wsstarter.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.wsstarter.session.WsEndpointObserver;
import io.github.wsstarter.session.WsObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link WsObserver} that records the starter's meters in a Micrometer {@link MeterRegistry}: per endpoint (tag
 * {@code endpoint}, the endpoint's path) the sessions, messages, handler methods, send queues and heartbeats, and
 * across endpoints the broadcasts ({@code ws.broadcasts}, tag {@code scope}) and the cluster's probe round trips
 * ({@code ws.cluster.probe.rtt}). Meters are made once per endpoint (and per handler method, close cause and code,
 * or refusal reason, when first seen), never looked up per message. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public class MicrometerWsObserver implements WsObserver {

	private final MeterRegistry registry;

	private final Map<String, Counter> broadcasts = new ConcurrentHashMap<>();

	/** Made at the first probe, so that an application without a cluster has no cluster meter. */
	private volatile @Nullable Timer probeRoundTrips;

	/**
	 * Create an observer that records in the given registry.
	 * @param registry the registry
	 */
	public MicrometerWsObserver(MeterRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
	}

	@Override
	public WsEndpointObserver endpoint(String path) {
		return new MicrometerEndpointObserver(this.registry, path);
	}

	@Override
	public void broadcast(String scope) {
		Counter counter = this.broadcasts.get(scope);
		if (counter == null) {
			counter = this.broadcasts.computeIfAbsent(scope.toLowerCase(Locale.ROOT),
					(key) -> Counter.builder("ws.broadcasts")
						.description("Broadcasts sent from this instance, once per call")
						.tag("scope", key)
						.register(this.registry));
		}
		counter.increment();
	}

	@Override
	public void clusterProbe(Duration roundTrip) {
		Timer timer = this.probeRoundTrips;
		if (timer == null) {
			timer = Timer.builder("ws.cluster.probe.rtt")
				.description("Round trips of the cluster's end-to-end probes through Redis")
				.register(this.registry);
			this.probeRoundTrips = timer;
		}
		timer.record(roundTrip.toNanos(), TimeUnit.NANOSECONDS);
	}

}
