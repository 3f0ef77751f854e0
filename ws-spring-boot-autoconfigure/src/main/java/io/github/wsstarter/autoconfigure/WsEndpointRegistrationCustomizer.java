package io.github.wsstarter.autoconfigure;

import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;

/**
 * Callback interface that can be used to customize the registration of each endpoint: a handshake handler, more
 * interceptors, SockJS. Beans of this type are applied in order, after the auto-configuration has set the allowed
 * origins and its own interceptors.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
@FunctionalInterface
public interface WsEndpointRegistrationCustomizer {

	/**
	 * Customize the registration of one endpoint.
	 * @param path the endpoint path
	 * @param registration the registration to customize
	 */
	void customize(String path, WebSocketHandlerRegistration registration);

}
