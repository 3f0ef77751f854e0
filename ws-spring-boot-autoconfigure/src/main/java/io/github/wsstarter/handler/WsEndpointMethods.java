package io.github.wsstarter.handler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.github.wsstarter.session.WsEndpointObserver;
import tools.jackson.databind.json.JsonMapper;

/**
 * The handler methods bound to one endpoint path, by event, in the order of their beans. Filled while beans are
 * created, then {@link #freeze frozen} before the server accepts connections; read without locking afterwards.
 *
 * @author ws-spring-boot-starter team
 */
final class WsEndpointMethods {

	private static final WsHandlerMethod[] NONE = {};

	private final String path;

	private final List<WsHandlerMethod> pending = new ArrayList<>();

	private volatile boolean frozen;

	private WsHandlerMethod[] init = NONE;

	private WsHandlerMethod[] message = NONE;

	private WsHandlerMethod[] close = NONE;

	private WsHandlerMethod[] error = NONE;

	private WsHandlerMethod[] pong = NONE;

	private boolean takesText;

	private boolean takesBinary;

	private Set<String> messageTypes = Set.of();

	WsEndpointMethods(String path) {
		this.path = path;
	}

	synchronized void add(WsHandlerMethod method) {
		this.pending.add(method);
		if (this.frozen) {
			// A bean created after start-up (lazy, or refreshed): publish the new method set at once
			this.frozen = false;
		}
	}

	synchronized void freeze(JsonMapper jsonMapper, WsEndpointObserver observer, boolean mdc) {
		if (this.frozen) {
			return;
		}
		// Stable sort: methods of one bean keep their relative order, beans follow @Order
		List<WsHandlerMethod> sorted = new ArrayList<>(this.pending);
		sorted.sort(Comparator.comparingInt(WsHandlerMethod::order));
		sorted.forEach((method) -> method.prepare(jsonMapper, observer, mdc));
		this.init = select(sorted, WsHandlerMethod.Kind.INIT);
		this.message = select(sorted, WsHandlerMethod.Kind.MESSAGE);
		this.close = select(sorted, WsHandlerMethod.Kind.CLOSE);
		this.error = select(sorted, WsHandlerMethod.Kind.ERROR);
		this.pong = select(sorted, WsHandlerMethod.Kind.PONG);
		Set<String> types = new TreeSet<>();
		boolean text = false;
		boolean binary = false;
		for (WsHandlerMethod method : this.message) {
			text |= method.takesText();
			binary |= method.takesBinary();
			if (method.messageType() != null) {
				types.add(method.messageType());
			}
		}
		this.takesText = text;
		this.takesBinary = binary;
		this.messageTypes = Collections.unmodifiableSet(types);
		this.frozen = true;
	}

	private static WsHandlerMethod[] select(List<WsHandlerMethod> methods, WsHandlerMethod.Kind kind) {
		return methods.stream().filter((method) -> method.kind() == kind).toArray(WsHandlerMethod[]::new);
	}

	String path() {
		return this.path;
	}

	WsHandlerMethod[] init() {
		return this.init;
	}

	WsHandlerMethod[] message() {
		return this.message;
	}

	WsHandlerMethod[] close() {
		return this.close;
	}

	WsHandlerMethod[] error() {
		return this.error;
	}

	WsHandlerMethod[] pong() {
		return this.pong;
	}

	boolean takesText() {
		return this.takesText;
	}

	boolean takesBinary() {
		return this.takesBinary;
	}

	/** The message types that typed methods select, sorted; empty if no method is typed. */
	Set<String> messageTypes() {
		return this.messageTypes;
	}

	boolean isFrozen() {
		return this.frozen;
	}

}
