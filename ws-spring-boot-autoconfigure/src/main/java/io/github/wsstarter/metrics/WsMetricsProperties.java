package io.github.wsstarter.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the starter's Micrometer meters, under {@code ws.metrics}.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
@ConfigurationProperties("ws.metrics")
public class WsMetricsProperties {

	/**
	 * Whether to record the ws.* meters when the application has a Micrometer MeterRegistry.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
