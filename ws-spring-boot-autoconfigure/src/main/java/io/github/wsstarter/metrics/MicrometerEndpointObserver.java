package io.github.wsstarter.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.session.WsEndpointObserver;
import io.github.wsstarter.session.WsHandlerObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.web.socket.CloseStatus;

/**
 * The meters of one endpoint, made when the endpoint is first observed. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
final class MicrometerEndpointObserver implements WsEndpointObserver {

	private final MeterRegistry registry;

	private final Tags tags;

	private final AtomicLong active = new AtomicLong();

	private final Counter opened;

	private final Timer duration;

	/** By kind: text first, binary second. */
	private final Counter[] received;

	private final Counter[] receivedBytes;

	private final Counter[] sent;

	private final Counter[] sentBytes;

	private final DistributionSummary queue;

	private final Counter dropped;

	private final Counter slowConsumers;

	private final Counter rateLimited;

	private final Timer heartbeatRoundTrips;

	private final Counter heartbeatTimeouts;

	/** By close cause and code, made when first seen. */
	private final Map<String, Counter> closed = new ConcurrentHashMap<>();

	/** By reason, made when first seen. */
	private final Map<String, Counter> refused = new ConcurrentHashMap<>();

	MicrometerEndpointObserver(MeterRegistry registry, String path) {
		this.registry = registry;
		this.tags = Tags.of("endpoint", path);
		Gauge.builder("ws.sessions.active", this.active, AtomicLong::get)
			.description("Open sessions")
			.tags(this.tags)
			.register(registry);
		this.opened = counter("ws.sessions.opened", "Sessions opened", Tags.empty());
		this.duration = Timer.builder("ws.sessions.duration")
			.description("How long sessions were open")
			.tags(this.tags)
			.register(registry);
		this.received = byKind("ws.messages.received", "Messages received from clients");
		this.receivedBytes = byKind("ws.messages.received.bytes",
				"Size of the messages received: characters of text, bytes of binary");
		this.sent = byKind("ws.messages.sent", "Messages queued for clients, once per session a broadcast reaches");
		this.sentBytes = byKind("ws.messages.sent.bytes",
				"Size of the messages queued: characters of text, bytes of binary");
		this.queue = DistributionSummary.builder("ws.send.queue")
			.description("What waits to be written to a session when a message is queued for it")
			.baseUnit("bytes")
			.tags(this.tags)
			.register(registry);
		this.dropped = counter("ws.send.dropped", "Messages dropped for slow consumers", Tags.empty());
		this.slowConsumers = counter("ws.slow.consumers", "Sessions closed as slow consumers", Tags.empty());
		this.rateLimited = counter("ws.rate.limited", "Sessions closed for sending too many messages per second",
				Tags.empty());
		this.heartbeatRoundTrips = Timer.builder("ws.heartbeat.rtt")
			.description("Round trips of heartbeat pings")
			.tags(this.tags)
			.register(registry);
		this.heartbeatTimeouts = counter("ws.heartbeat.timeouts", "Sessions closed for a missing pong", Tags.empty());
	}

	/** A counter of each kind, text at 0 and binary at 1. */
	private Counter[] byKind(String name, String description) {
		return new Counter[] { counter(name, description, Tags.of("kind", "text")),
				counter(name, description, Tags.of("kind", "binary")) };
	}

	private Counter counter(String name, String description, Tags extra) {
		return Counter.builder(name).description(description).tags(this.tags).tags(extra).register(this.registry);
	}

	@Override
	public void sessionOpened(WsSession session) {
		this.active.incrementAndGet();
		this.opened.increment();
	}

	@Override
	public void sessionClosed(WsSession session, CloseStatus status, WsCloseCause cause, Duration duration) {
		this.active.decrementAndGet();
		this.duration.record(duration.toNanos(), TimeUnit.NANOSECONDS);
		String code = code(status.getCode(), cause);
		this.closed.computeIfAbsent(cause.name() + "/" + code,
				(key) -> counter("ws.sessions.closed", "Sessions closed, by cause and close code",
						Tags.of("cause", cause.name(), "code", code)))
			.increment();
	}

	/**
	 * The close code as a tag: the standard codes as they are, and the application's own (3000 to 4999) when the
	 * server closed; a client's choice of those is {@code 3xxx} or {@code 4xxx}, so that clients cannot make new
	 * series; anything else is {@code other}.
	 */
	private static String code(int code, WsCloseCause cause) {
		if (code >= 1000 && code <= 1015) {
			return Integer.toString(code);
		}
		if (code >= 3000 && code <= 4999) {
			return (cause != WsCloseCause.CLIENT_CLOSED) ? Integer.toString(code) : (code / 1000) + "xxx";
		}
		return "other";
	}

	@Override
	public void messageReceived(boolean binary, long bytes) {
		int kind = binary ? 1 : 0;
		this.received[kind].increment();
		this.receivedBytes[kind].increment(bytes);
	}

	@Override
	public void messageQueued(boolean binary, long bytes, long waiting) {
		int kind = binary ? 1 : 0;
		this.sent[kind].increment();
		this.sentBytes[kind].increment(bytes);
		this.queue.record(waiting);
	}

	@Override
	public void messageDropped() {
		this.dropped.increment();
	}

	@Override
	public void slowConsumer() {
		this.slowConsumers.increment();
	}

	@Override
	public void rateLimited() {
		this.rateLimited.increment();
	}

	@Override
	public void handshakeRefused(String reason) {
		this.refused.computeIfAbsent(reason,
				(key) -> counter("ws.handshakes.refused", "Handshakes refused, by reason", Tags.of("reason", key)))
			.increment();
	}

	@Override
	public void heartbeatRoundTrip(Duration roundTrip) {
		this.heartbeatRoundTrips.record(roundTrip.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void heartbeatTimeout() {
		this.heartbeatTimeouts.increment();
	}

	@Override
	public WsHandlerObserver handler(String event, String method) {
		Timer success = handlerTimer(event, method, "success");
		Timer error = handlerTimer(event, method, "error");
		return (session, call) -> {
			long start = System.nanoTime();
			try {
				Object result = call.proceed();
				success.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				return result;
			}
			catch (Throwable ex) {
				error.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				throw ex;
			}
		};
	}

	private Timer handlerTimer(String event, String method, String outcome) {
		return Timer.builder("ws.handler.invocations")
			.description("How long handler methods take")
			.tags(this.tags)
			.tags("event", event, "method", method, "outcome", outcome)
			.register(this.registry);
	}

}
