package io.github.wsstarter.cluster;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of a WebSocket cluster through Redis.
 *
 * @author ws-spring-boot-starter team
 * @since 0.2.0
 */
@ConfigurationProperties("ws.cluster")
public class WsClusterProperties {

	/**
	 * Whether broadcasts, sends by session id and presence span every instance that shares the channel, through the
	 * application's Redis (Spring Data Redis with Lettuce).
	 */
	private boolean enabled;

	/**
	 * Redis channel that broadcasts travel on; instances that share it form one cluster. Defaults to "ws:" and
	 * spring.application.name, or "ws:default". Bookkeeping uses channels under the same name.
	 */
	private @Nullable String channel;

	/**
	 * Id of this instance in the cluster, shown in logs and by WsCluster. Defaults to a random id.
	 */
	private @Nullable String instanceId;

	/**
	 * How long the sessions of an instance that went silent still count. If a duration suffix is not specified,
	 * seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration instanceTimeout = Duration.ofSeconds(15);

	/**
	 * How often each instance sends a probe through Redis to itself, to check that delivery works end to end. If a
	 * duration suffix is not specified, seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration probeInterval = Duration.ofSeconds(5);

	/**
	 * Most messages for other instances that may wait for Redis to take them; more are dropped and counted.
	 */
	private int publishBuffer = 10_000;

	/**
	 * Most messages from other instances that may wait for delivery to this instance's sessions; more are dropped
	 * and counted.
	 */
	private int receiveBuffer = 10_000;

	/**
	 * Largest message on the broadcast channel: a larger one is not published (dropped and counted) and, from another
	 * publisher, not read (counted as malformed).
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(4);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getChannel() {
		return this.channel;
	}

	public void setChannel(@Nullable String channel) {
		this.channel = channel;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	public Duration getInstanceTimeout() {
		return this.instanceTimeout;
	}

	public void setInstanceTimeout(Duration instanceTimeout) {
		this.instanceTimeout = instanceTimeout;
	}

	public Duration getProbeInterval() {
		return this.probeInterval;
	}

	public void setProbeInterval(Duration probeInterval) {
		this.probeInterval = probeInterval;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public int getPublishBuffer() {
		return this.publishBuffer;
	}

	public void setPublishBuffer(int publishBuffer) {
		this.publishBuffer = publishBuffer;
	}

	public int getReceiveBuffer() {
		return this.receiveBuffer;
	}

	public void setReceiveBuffer(int receiveBuffer) {
		this.receiveBuffer = receiveBuffer;
	}

}
