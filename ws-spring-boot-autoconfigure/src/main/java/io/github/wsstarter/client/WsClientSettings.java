package io.github.wsstarter.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.wsstarter.ReconnectPolicy;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a {@link DefaultWsClientBuilder} fixes for every connection of its client.
 *
 * @param headers the handshake headers
 * @param subprotocols the subprotocols offered
 * @param connectTimeout how long a handshake may take
 * @param jsonMapper the mapper of JSON messages
 * @param typeField the field that selects typed message methods
 * @param reconnect when to connect again after a loss; {@code null} for never
 * @param bufferWhileDisconnected the bytes kept while reconnecting; 0 to refuse sends then
 * @author ws-spring-boot-starter team
 */
record WsClientSettings(Map<String, String> headers, List<String> subprotocols, Duration connectTimeout,
		JsonMapper jsonMapper, String typeField, @Nullable ReconnectPolicy reconnect, int bufferWhileDisconnected) {

}
