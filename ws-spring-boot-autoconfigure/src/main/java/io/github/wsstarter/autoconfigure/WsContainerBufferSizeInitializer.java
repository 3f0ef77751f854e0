package io.github.wsstarter.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.unit.DataSize;

/**
 * Sets the size of Tomcat's per-session input, output and encoder buffers
 * ({@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}, 8 KB each by default, held by every connection for its
 * lifetime) from {@code ws.container-buffer-size}, unless the system property is set already. Tomcat reads it once,
 * when its WebSocket classes load, so this runs as a bean factory post-processor: after the properties are known,
 * before the web server starts. Larger messages are read, and written through the Jakarta API, in more parts; nothing
 * else changes.
 *
 * @author ws-spring-boot-starter team
 */
final class WsContainerBufferSizeInitializer implements BeanFactoryPostProcessor {

	static final String PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	private static final Log logger = LogFactory.getLog(WsContainerBufferSizeInitializer.class);

	private final DataSize size;

	WsContainerBufferSizeInitializer(DataSize size) {
		this.size = size;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (System.getProperty(PROPERTY) != null) {
			return;
		}
		long bytes = Math.max(1024, Math.min(64 * 1024, this.size.toBytes()));
		System.setProperty(PROPERTY, String.valueOf(bytes));
		if (logger.isDebugEnabled()) {
			logger.debug("Tomcat WebSocket output buffers set to " + bytes + " bytes per session");
		}
	}

}
