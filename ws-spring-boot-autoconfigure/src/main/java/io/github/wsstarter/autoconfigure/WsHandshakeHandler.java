package io.github.wsstarter.autoconfigure;

import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Spring's handshake handler for the starter's endpoints, which leaves out per-message compression when
 * {@code ws.permessage-deflate} is {@code false}: browsers always offer it, and a compressed session is written message
 * by message through the Jakarta API, every broadcast compressed per recipient, rather than with direct writes. The
 * container negotiates extensions from the request's header itself, so the header is hidden from it.
 *
 * @author ws-spring-boot-starter team
 */
final class WsHandshakeHandler extends DefaultHandshakeHandler {

	static final String PERMESSAGE_DEFLATE = "permessage-deflate";

	private static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

	private final boolean perMessageDeflate;

	WsHandshakeHandler(boolean perMessageDeflate) {
		super(new UpgradeStrategy(perMessageDeflate));
		this.perMessageDeflate = perMessageDeflate;
	}

	@Override
	protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request,
			List<WebSocketExtension> requestedExtensions, List<WebSocketExtension> supportedExtensions) {
		List<WebSocketExtension> requested = this.perMessageDeflate ? requestedExtensions : requestedExtensions.stream()
			.filter((extension) -> !PERMESSAGE_DEFLATE.equalsIgnoreCase(extension.getName()))
			.toList();
		return super.filterRequestedExtensions(request, requested, supportedExtensions);
	}

	/** Spring's standard upgrade, with the offered extensions hidden from the container when compression is off. */
	private static final class UpgradeStrategy extends StandardWebSocketUpgradeStrategy {

		private final boolean perMessageDeflate;

		UpgradeStrategy(boolean perMessageDeflate) {
			this.perMessageDeflate = perMessageDeflate;
		}

		@Override
		public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
				List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
				Map<String, Object> attrs) throws HandshakeFailureException {
			ServerHttpRequest upgraded = request;
			if (!this.perMessageDeflate && request instanceof ServletServerHttpRequest servlet) {
				upgraded = new ServletServerHttpRequest(new WithoutExtensions(servlet.getServletRequest()));
			}
			super.upgrade(upgraded, response, selectedProtocol, selectedExtensions, user, wsHandler, attrs);
		}

	}

	private static final class WithoutExtensions extends HttpServletRequestWrapper {

		WithoutExtensions(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

	}

}
