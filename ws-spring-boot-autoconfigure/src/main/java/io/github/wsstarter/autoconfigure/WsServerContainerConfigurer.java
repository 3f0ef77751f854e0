package io.github.wsstarter.autoconfigure;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.context.ServletContextAware;

/**
 * Gives the container small per-session message buffers (it allocates them for every session, at their full size, at
 * the handshake), since messages are taken in parts and put together, up to the size limits, only while one arrives. Unlike Spring's {@code ServletServerContainerFactoryBean}, it does nothing where there is no
 * WebSocket container (a mock servlet environment in tests) instead of failing the start-up.
 *
 * @author ws-spring-boot-starter team
 */
final class WsServerContainerConfigurer implements ServletContextAware {

	private static final Log logger = LogFactory.getLog(WsServerContainerConfigurer.class);

	/** Size of the container's per-session message buffers: the largest part of a message it delivers at once. */
	static final int PART_SIZE = 1024;

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
		// The container allocates these buffers for every session up front; messages arrive in parts of this size
		// and are put together only while one is arriving, up to ws.max-*-message-size
		container.setDefaultMaxTextMessageBufferSize(
				Math.min(PART_SIZE, toInt(this.properties.getMaxTextMessageSize().toBytes())));
		container.setDefaultMaxBinaryMessageBufferSize(
				Math.min(PART_SIZE, toInt(this.properties.getMaxBinaryMessageSize().toBytes())));
	}

	private static int toInt(long bytes) {
		return (int) Math.min(Integer.MAX_VALUE, bytes);
	}

}
