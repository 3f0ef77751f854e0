package io.github.wsstarter.integration;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wsstarter.WsClientConnection;
import io.github.wsstarter.WsClientHandler;
import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsDecodeException;
import io.github.wsstarter.WsEndpoint;
import io.github.wsstarter.WsMessage;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnError;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsOnPong;
import io.github.wsstarter.WsSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * The application under test: one endpoint per feature, each a plain bean with {@code @WsOn*} methods.
 */
@SpringBootApplication
public class TestApplication {

	/** The application's mapper, which the starter must use; it counts how often a frame is parsed. */
	@Bean
	CountingJsonMapper jsonMapper() {
		return new CountingJsonMapper();
	}

	static class CountingJsonMapper extends JsonMapper {

		final AtomicInteger treeReads = new AtomicInteger();

		@Override
		public JsonNode readTree(String content) {
			this.treeReads.incrementAndGet();
			return super.readTree(content);
		}

	}

	/**
	 * A bot that talks to this server through the starter's client: a bean, but no server endpoint (its methods take
	 * a client's connection, which a server's endpoint would refuse at start-up).
	 */
	@Component
	@WsClientHandler
	static class Bot {

		final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

		@WsOnInit
		void connected(WsClientConnection connection) {
			connection.send("bot here");
		}

		@WsOnMessage
		void heard(String text, WsClientConnection connection) {
			this.heard.add(text);
		}

	}

	/** Several methods take the same frame: it is parsed once. */
	@Component
	@WsEndpoint("/parse-once")
	static class ParseOnce {

		@WsOnMessage("chat")
		String tree(JsonNode node) {
			return "tree";
		}

		@WsOnMessage("chat")
		String typed(Chat chat) {
			return "typed:" + chat.text();
		}

		@WsOnMessage
		String untyped(Chat chat) {
			return "untyped:" + chat.priority();
		}

	}

	/** What the handlers saw, for the tests to wait on. */
	@Component
	static class Events {

		final Map<String, WsSession> opened = new ConcurrentHashMap<>();

		final Map<String, BlockingQueue<CloseStatus>> closed = new ConcurrentHashMap<>();

		final Map<String, WsCloseCause> causes = new ConcurrentHashMap<>();

		final Map<String, Duration> pongs = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> pongCounts = new ConcurrentHashMap<>();

		void closed(WsSession session, CloseStatus status, WsCloseCause cause) {
			this.causes.put(session.id(), cause);
			closed(session, status);
		}

		void closed(WsSession session, CloseStatus status) {
			// Add inside compute, so that a test that sees the key also sees the status
			this.closed.compute(session.id(), (id, statuses) -> {
				BlockingQueue<CloseStatus> queue = (statuses != null) ? statuses : new LinkedBlockingQueue<>();
				queue.add(status);
				return queue;
			});
		}

	}

	/** The default endpoint, /ws: tells each client its session id, echoes text. */
	@Component
	static class Default {

		private final Events events;

		Default(Events events) {
			this.events = events;
		}

		@WsOnInit
		String opened(WsSession session) {
			this.events.opened.put(session.id(), session);
			return "id:" + session.id();
		}

		@WsOnMessage
		String echo(String text, WsSession session) {
			return "echo:" + text;
		}

		@WsOnClose
		void closed(CloseStatus status, WsSession session, WsCloseCause cause) {
			this.events.closed(session, status, cause);
		}

		@WsOnPong
		void pong(WsSession session, Duration roundTripTime) {
			this.events.pongs.put(session.id(), roundTripTime);
			this.events.pongCounts.computeIfAbsent(session.id(), (id) -> new AtomicInteger()).incrementAndGet();
		}

	}

	/** Every parameter kind on one endpoint. */
	@Component
	@WsEndpoint("/events")
	static class Kinds {

		private final Events events;

		Kinds(Events events) {
			this.events = events;
		}

		@WsOnInit
		void opened(WsSession session) {
			this.events.opened.put(session.id(), session);
			session.send("welcome " + session.path());
		}

		@WsOnMessage
		String text(String text) {
			return "text:" + text;
		}

		@WsOnMessage
		byte[] bytes(byte[] bytes, WsSession session) {
			byte[] reversed = new byte[bytes.length];
			for (int i = 0; i < bytes.length; i++) {
				reversed[i] = bytes[bytes.length - 1 - i];
			}
			return reversed;
		}

		@WsOnMessage
		String buffer(ByteBuffer buffer) {
			return "buffer:" + buffer.remaining();
		}

		@WsOnMessage
		String message(WsMessage message) {
			return "message:" + (message.isText() ? "text" : "binary") + ":" + (message.receivedAt() != null) + ":"
					+ message.session().path();
		}

		@WsOnClose
		void closed(WsSession session, CloseStatus status) {
			this.events.closed(session, status);
		}

	}

	record Chat(String text, int priority) {
	}

	/** A handler method declared once for any payload type: {@code T} is read as the subclass says. */
	abstract static class TypedEndpoint<T> {

		@WsOnMessage
		String on(T payload, WsSession session) {
			return payload.getClass().getSimpleName() + ":" + describe(payload);
		}

		abstract String describe(T payload);

	}

	@Component
	@WsEndpoint("/generic")
	static class ChatEndpoint extends TypedEndpoint<java.util.List<Chat>> {

		@Override
		String describe(java.util.List<Chat> payload) {
			return payload.get(0).text() + "/" + payload.get(0).priority();
		}

	}

	record Reply(String type, String text) {
	}

	/** JSON routing by the type field, without error handlers: decode failures close with 1007. */
	@Component
	@WsEndpoint("/json")
	static class Json {

		@WsOnMessage("chat")
		Reply chat(Chat chat) {
			return new Reply("reply", chat.text().toUpperCase() + "/" + chat.priority());
		}

		@WsOnMessage("tree")
		Reply tree(JsonNode node, WsSession session) {
			return new Reply("tree", node.get("value").asString());
		}

		@WsOnMessage("raw")
		String raw(String text) {
			return "raw:" + text;
		}

		@WsOnMessage("msg")
		String message(WsMessage message) {
			return "msg:" + message.text().length();
		}

		@WsOnMessage("fail")
		String fail(JsonNode node) {
			throw new IllegalStateException("secret detail that must not reach the client");
		}

		/** Jackson cannot construct an interface: a server-side bug, not the client's. */
		@WsOnMessage("abstract")
		String abstractType(Runnable runnable) {
			return "unreachable";
		}

	}

	/** A second bean on /json, recording how its sessions close. */
	@Component
	@WsEndpoint("/json")
	static class JsonCloses {

		private final Events events;

		JsonCloses(Events events) {
			this.events = events;
		}

		@WsOnInit
		void opened(WsSession session) {
			this.events.opened.put(session.id(), session);
		}

		@WsOnClose
		void closed(WsSession session, WsCloseCause cause, CloseStatus status) {
			this.events.closed(session, status, cause);
		}

	}

	/** Requires an authenticated user: see {@link Security}. */
	@Component
	@WsEndpoint("/secure")
	static class Secure {

		@WsOnInit
		String opened(WsSession session) {
			return "hello " + session.principal().getName();
		}

	}

	/**
	 * How an application requires authentication for an endpoint: its handshake is an HTTP GET like any other, so a
	 * security rule on the path does it. Everything else stays open for the other tests.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Security {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests((requests) -> requests.requestMatchers("/secure").authenticated()
					.anyRequest()
					.permitAll())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(User.withUsername("ann").password("{noop}secret").roles("USER").build());
		}

	}

	/** Untyped JSON: every text frame must be a Chat. */
	@Component
	@WsEndpoint("/untyped-json")
	static class UntypedJson {

		@WsOnMessage
		Reply chat(Chat chat) {
			return new Reply("reply", chat.text());
		}

	}

	/** Error handlers that take some errors and leave others. */
	@Component
	@WsEndpoint("/handled")
	static class Handled {

		@WsOnMessage("argument")
		void argument(JsonNode node) {
			throw new IllegalArgumentException("bad argument");
		}

		@WsOnMessage("state")
		void state(JsonNode node) {
			throw new IllegalStateException("bad state");
		}

		@WsOnError
		Reply decode(WsDecodeException ex, WsSession session) {
			return new Reply("error", "cannot read that");
		}

		@WsOnError
		String argument(WsSession session, IllegalArgumentException ex) {
			return "handled:" + ex.getMessage();
		}

	}

	/** An error method without a type restriction takes every error. */
	@Component
	@WsEndpoint("/catch-all")
	static class CatchAll {

		@WsOnMessage
		String fail(String text) {
			throw new UnsupportedOperationException(text);
		}

		@WsOnError
		String caught(Throwable error, WsSession session) {
			return "caught:" + error.getClass().getSimpleName() + ":" + error.getMessage();
		}

	}

	/** An error method that itself throws: 1011. */
	@Component
	@WsEndpoint("/error-fails")
	static class ErrorFails {

		@WsOnMessage
		String fail(String text) {
			throw new IllegalArgumentException(text);
		}

		@WsOnError
		String alsoFails(IllegalArgumentException error) {
			throw new IllegalStateException("error handler secret");
		}

	}

	/** Handler beans declared with @Bean methods, ordered by @Order on those methods. */
	@Bean
	@Order(2)
	BeanOrdered beanOrderedSecond() {
		return new BeanOrdered("second");
	}

	@Bean
	@Order(1)
	BeanOrdered beanOrderedFirst() {
		return new BeanOrdered("first");
	}

	@WsEndpoint("/bean-ordered")
	static class BeanOrdered {

		private final String name;

		BeanOrdered(String name) {
			this.name = name;
		}

		@WsOnMessage
		String said(String text) {
			return this.name;
		}

	}

	/** Binary only: a text frame is refused with 1003. */
	@Component
	@WsEndpoint("/binary")
	static class BinaryOnly {

		@WsOnMessage
		ByteBuffer echo(ByteBuffer buffer) {
			return buffer;
		}

	}

	/** An @WsOnInit that throws: 1011. */
	@Component
	@WsEndpoint("/init-fails")
	static class InitFails {

		@WsOnInit
		void opened() {
			throw new IllegalStateException("init secret");
		}

	}

	/** Two beans on one path, whose order is the opposite of their names and registration. */
	@Component
	@WsEndpoint("/ordered")
	@Order(2)
	static class OrderedA {

		@WsOnMessage
		String second(String text) {
			return "second";
		}

	}

	@Component
	@WsEndpoint("/ordered")
	@Order(1)
	static class OrderedB {

		@WsOnMessage
		String first(String text) {
			return "first";
		}

	}

}
