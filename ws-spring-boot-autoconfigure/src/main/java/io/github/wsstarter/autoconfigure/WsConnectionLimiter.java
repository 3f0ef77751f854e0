package io.github.wsstarter.autoconfigure;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsStatistics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses handshakes with 503 beyond {@code ws.max-connections} or {@code ws.max-connections-per-client}. A handshake
 * takes a permit, which its session gives back when its socket has ended, or the handshake itself if it fails; open sessions are
 * never touched.
 *
 * @author ws-spring-boot-starter team
 */
final class WsConnectionLimiter implements HandshakeInterceptor {

	private static final Log logger = LogFactory.getLog(WsConnectionLimiter.class);

	private final int maxConnections;

	private final int maxPerClient;

	private final WsStatistics statistics;

	private final AtomicInteger total = new AtomicInteger();

	private final Map<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

	/** The permit of the handshake in progress on this thread, until afterHandshake. */
	private final ThreadLocal<Permit> handshake = new ThreadLocal<>();

	WsConnectionLimiter(@Nullable Integer maxConnections, @Nullable Integer maxPerClient, WsStatistics statistics) {
		this.maxConnections = (maxConnections != null) ? maxConnections : Integer.MAX_VALUE;
		this.maxPerClient = (maxPerClient != null) ? maxPerClient : Integer.MAX_VALUE;
		this.statistics = statistics;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		InetSocketAddress remote = request.getRemoteAddress();
		InetAddress client = (remote != null) ? remote.getAddress() : null;
		Permit permit = acquire(request, client);
		if (permit == null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Refusing WebSocket handshake from " + client + " with 503: connection limit reached");
			}
			this.statistics.refusedHandshake();
			response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			return false;
		}
		attributes.put(WsSessionRegistry.PERMIT_ATTRIBUTE, permit);
		this.handshake.set(permit);
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		Permit permit = this.handshake.get();
		this.handshake.remove();
		// Refused by a later interceptor, or failed: no session will give the permit back
		if (permit != null && (exception != null || !WsHandshakeRefusals.upgraded(response))) {
			permit.run();
		}
	}


	private @Nullable Permit acquire(ServerHttpRequest request, @Nullable InetAddress client) {
		if (this.total.incrementAndGet() > this.maxConnections) {
			this.total.decrementAndGet();
			WsHandshakeRefusals.refuse(request, "max-connections");
			return null;
		}
		if (client != null && this.maxPerClient != Integer.MAX_VALUE) {
			// Count and check under the map's lock for this address, so the limit is exact
			boolean[] admitted = new boolean[1];
			this.perClient.compute(client, (address, count) -> {
				int current = (count != null) ? count : 0;
				admitted[0] = current < this.maxPerClient;
				return admitted[0] ? current + 1 : count;
			});
			if (!admitted[0]) {
				this.total.decrementAndGet();
				WsHandshakeRefusals.refuse(request, "per-client");
				return null;
			}
			return new Permit(client);
		}
		return new Permit(null);
	}

	private void release(@Nullable InetAddress client) {
		this.total.decrementAndGet();
		if (client != null) {
			this.perClient.computeIfPresent(client, (address, count) -> (count > 1) ? count - 1 : null);
		}
	}

	/** One connection's place, given back once. */
	private final class Permit implements Runnable {

		/** The address counted against the per-client limit, or {@code null} if none is. */
		private final @Nullable InetAddress client;

		private final AtomicBoolean released = new AtomicBoolean();

		Permit(@Nullable InetAddress client) {
			this.client = client;
		}

		@Override
		public void run() {
			if (this.released.compareAndSet(false, true)) {
				release(this.client);
			}
		}

	}

}
