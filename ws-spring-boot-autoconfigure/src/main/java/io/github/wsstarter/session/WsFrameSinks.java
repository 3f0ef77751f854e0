package io.github.wsstarter.session;

import io.github.wsstarter.WsException;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * How the sessions of this container are written: straight to Tomcat's connections ({@code ws.direct-writes}, where
 * this Tomcat supports it), or through the Jakarta WebSocket API. Chosen once, at start-up, and logged then.
 * Immutable and thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
public final class WsFrameSinks {

	private static final Log logger = LogFactory.getLog(WsFrameSinks.class);

	/** The size of the message buffers of the starter's sessions on Tomcat: messages arrive in parts of this size. */
	static final int PART_SIZE = 1024;

	/** Tomcat's session property for the timeout of its blocking sends, in milliseconds. */
	static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/** The longest a blocking send of Tomcat's may take for one of the starter's sessions. */
	static final long MAX_BLOCKING_SEND_MILLIS = 2000;

	private static final String TOMCAT_ENDPOINT = "org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer";

	private final boolean tomcat;

	private final boolean direct;

	private WsFrameSinks(boolean tomcat, boolean direct) {
		this.tomcat = tomcat;
		this.direct = direct;
	}

	/**
	 * Choose for the container on the class path, and log the choice.
	 * @param directWrites whether direct writes are wanted ({@code ws.direct-writes})
	 * @param classLoader where to look for Tomcat
	 * @return the choice
	 */
	public static WsFrameSinks forContainer(boolean directWrites, ClassLoader classLoader) {
		if (!ClassUtils.isPresent(TOMCAT_ENDPOINT, classLoader)) {
			logger.info("WebSocket frames are written through the Jakarta WebSocket API");
			return new WsFrameSinks(false, false);
		}
		boolean supported = TomcatDirectSink.isSupported();
		if (directWrites && !supported) {
			logger.warn("This Tomcat's WebSocket internals are not the ones ws.direct-writes needs: frames are written "
					+ "through the Jakarta WebSocket API, each message encoded and written per session");
		}
		boolean direct = directWrites && supported;
		logger.info(direct ? "WebSocket frames are written straight to Tomcat's connections (ws.direct-writes); "
				+ "sessions with a negotiated extension use the Jakarta WebSocket API"
				: "WebSocket frames are written through the Jakarta WebSocket API");
		return new WsFrameSinks(true, direct);
	}

	/**
	 * Choose for a client's connections, without a log line (the server's choice is the one logged): never direct
	 * writes; Tomcat's limits on its Jakarta sessions when Tomcat is on the class path.
	 * @param classLoader where to look for Tomcat
	 * @return the choice
	 */
	public static WsFrameSinks forClient(ClassLoader classLoader) {
		return new WsFrameSinks(ClassUtils.isPresent(TOMCAT_ENDPOINT, classLoader), false);
	}

	/**
	 * Return whether frames are written straight to Tomcat's connections where a session allows it.
	 * @return {@code true} for direct writes
	 */
	public boolean isDirect() {
		return this.direct;
	}

	/** The sink of a newly opened session; its message buffers are bounded here too. */
	FrameSink create(WebSocketSession session, WsSessionSettings settings, WsIoExecutors executors) {
		Session jakarta = (session instanceof NativeWebSocketSession nativeSession)
				? nativeSession.getNativeSession(Session.class) : null;
		if (jakarta == null) {
			throw new WsException("WebSocket session '" + session.getId() + "' is a " + session.getClass().getName()
					+ ", not a Jakarta WebSocket session: the starter needs Spring's standard upgrade strategy");
		}
		if (!this.tomcat) {
			return new JakartaFrameSink(jakarta, JakartaFrameSink.Control.JAKARTA, executors);
		}
		TomcatDirectSink.limitMessageBuffers(jakarta, Math.min(PART_SIZE, settings.maxTextMessageSize()),
				Math.min(PART_SIZE, settings.maxBinaryMessageSize()));
		// What Tomcat itself writes blocking for this session (a 1000 close frame, pings on the Jakarta path) may hold
		// one of the starter's I/O threads this long at most, not Tomcat's 20 s
		jakarta.getUserProperties().put(BLOCKING_SEND_TIMEOUT,
				Math.min(MAX_BLOCKING_SEND_MILLIS, settings.heartbeatTimeout().toMillis()));
		return TomcatDirectSink.create(jakarta, this.direct, settings, executors);
	}

}
