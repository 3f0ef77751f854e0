package io.github.wsstarter.autoconfigure;

import org.apache.catalina.connector.Connector;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Sets the size of the two socket buffers that Tomcat's connector gives every connection for its lifetime
 * ({@code socket.appReadBufSize} and {@code socket.appWriteBufSize}, 8 KB each by default) from
 * {@code ws.socket-buffer-size}, when the application sets it. Thousands of mostly idle WebSocket connections hold these for hours; Tomcat's
 * documentation advises smaller ones for many kept-alive connections. Larger reads and writes take more system calls.
 * A TLS connection grows both buffers to a TLS record (about 16 KB) at its handshake, so it saves nothing. Ordered
 * first, so that a {@link TomcatConnectorCustomizer} of the application runs after it and can set them again.
 *
 * @author ws-spring-boot-starter team
 */
final class WsTomcatSocketBufferCustomizer implements TomcatConnectorCustomizer, Ordered {

	private final int size;

	WsTomcatSocketBufferCustomizer(@Nullable DataSize size) {
		Assert.notNull(size, "'size' must not be null");
		this.size = (int) Math.max(1024, Math.min(64 * 1024, size.toBytes()));
	}

	@Override
	public void customize(Connector connector) {
		connector.setProperty("socket.appReadBufSize", String.valueOf(this.size));
		connector.setProperty("socket.appWriteBufSize", String.valueOf(this.size));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	int getSize() {
		return this.size;
	}

}
