package io.github.wsstarter.autoconfigure;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.context.ServletContextAware;

/**
 * Applies the message size limits to the container's WebSocket defaults, which every new session takes. Unlike Spring's {@code ServletServerContainerFactoryBean}, it does nothing where there is no
 * WebSocket container (a mock servlet environment in tests) instead of failing the start-up.
 *
 * @author ws-spring-boot-starter team
 */
final class WsServerContainerConfigurer implements ServletContextAware {

	private static final Log logger = LogFactory.getLog(WsServerContainerConfigurer.class);

	private final WsProperties properties;

	WsServerContainerConfigurer(WsProperties properties) {
		this.properties = properties;
	}

	@Override
	public void setServletContext(ServletContext servletContext) {
		Object attribute = servletContext.getAttribute(ServerContainer.class.getName());
		if (!(attribute instanceof ServerContainer container)) {
			logger.debug("No WebSocket ServerContainer in the servlet context: message size limits not applied");
			return;
		}
		container.setDefaultMaxTextMessageBufferSize(toInt(this.properties.getMaxTextMessageSize().toBytes()));
		container.setDefaultMaxBinaryMessageBufferSize(toInt(this.properties.getMaxBinaryMessageSize().toBytes()));
	}

	private static int toInt(long bytes) {
		return (int) Math.min(Integer.MAX_VALUE, bytes);
	}

}
