package io.github.wsstarter.handler;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.security.Principal;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.wsstarter.WsCloseCause;
import io.github.wsstarter.WsHandlerDefinitionException;
import io.github.wsstarter.WsMessage;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnError;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnPong;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsClientConnection;
import io.github.wsstarter.WsConnection;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.session.WsEndpointObserver;
import io.github.wsstarter.session.WsHandlerObserver;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.TypeFactory;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One {@code @WsOn*} method of one bean, with the way to obtain each of its arguments fixed at start-up: dispatch
 * does no reflective lookup, only the call itself.
 *
 * @author ws-spring-boot-starter team
 */
final class WsHandlerMethod {

	private static final String MESSAGE_PAYLOADS = "String, byte[], ByteBuffer, WsMessage or a JSON type";

	private final Object bean;

	private final Method method;

	private final Kind kind;

	private final int order;

	private final String description;

	private final ArgumentResolver[] resolvers;

	private final Payload payload;

	/** For {@link Payload#JSON}: the declared type, and its reader once the JSON mapper is known. */
	private final @Nullable ResolvableType jsonType;

	private @Nullable ObjectReader jsonReader;

	private final String observedName;

	private WsHandlerObserver observer = WsHandlerObserver.NONE;

	private boolean mdc;

	/** For typed {@code @WsOnMessage("x")} methods: the value of the type field they take. */
	private final @Nullable String messageType;

	/** For {@code @WsOnError} methods: the errors they take. */
	private final Class<?> errorType;

	private WsHandlerMethod(Object bean, String owner, Method method, Kind kind, int order,
			@Nullable String messageType, boolean client) {
		this.bean = bean;
		this.method = method;
		this.kind = kind;
		this.order = order;
		this.messageType = messageType;
		this.description = "@" + kind.annotation.getSimpleName() + " method '" + describe(method) + "' on " + owner;
		// Parameter types as the bean's class sees them: a type variable of a generic superclass is resolved
		Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
		this.observedName = ClassUtils.getShortName(targetClass) + "." + method.getName();
		ResolvableType[] resolved = new ResolvableType[method.getParameterCount()];
		Class<?>[] types = new Class<?>[resolved.length];
		for (int i = 0; i < resolved.length; i++) {
			resolved[i] = ResolvableType.forMethodParameter(method, i, targetClass);
			types[i] = resolved[i].toClass();
		}
		Parameter[] parameters = method.getParameters();
		this.resolvers = new ArgumentResolver[types.length];
		Payload payload = Payload.NONE;
		ResolvableType jsonType = null;
		Class<?> errorType = Throwable.class;
		int payloadIndex = -1;
		for (int i = 0; i < types.length; i++) {
			Class<?> type = types[i];
			// The connection: a server's session, or a client's connection over its reconnects
			if (type == WsConnection.class || (client && type == WsClientConnection.class)) {
				this.resolvers[i] = (invocation, self) -> invocation.session().connection();
				continue;
			}
			if (!client && type == WsSession.class) {
				this.resolvers[i] = (invocation, self) -> invocation.session();
				continue;
			}
			if (type == WsSession.class || type == WsClientConnection.class) {
				throw new WsHandlerDefinitionException(this.description + " takes " + name(parameters, i) + " of type "
						+ type.getSimpleName() + ", which only " + (client ? "server endpoints" : "WsClient handlers")
						+ " get: take a " + (client ? "WsConnection or WsClientConnection" : "WsSession or WsConnection"));
			}
			if (kind == Kind.MESSAGE && isPayloadType(type)) {
				if (payloadIndex >= 0) {
					throw new WsHandlerDefinitionException(this.description + " has a second payload parameter "
							+ name(parameters, i) + " of type " + type.getName() + " after "
							+ name(parameters, payloadIndex) + " of type " + types[payloadIndex].getName()
							+ ": expected a WsSession and exactly one payload (" + MESSAGE_PAYLOADS + ")");
				}
				payloadIndex = i;
				payload = Payload.of(type);
				if (payload == Payload.JSON) {
					jsonType = resolved[i];
				}
				this.resolvers[i] = payload.resolver;
				continue;
			}
			if (kind == Kind.CLOSE && type == CloseStatus.class) {
				this.resolvers[i] = (invocation, self) -> invocation.closeStatus();
				continue;
			}
			if (kind == Kind.CLOSE && type == WsCloseCause.class) {
				this.resolvers[i] = (invocation, self) -> invocation.closeCause();
				continue;
			}
			if (kind == Kind.PONG && type == Duration.class) {
				this.resolvers[i] = (invocation, self) -> invocation.roundTripTime();
				continue;
			}
			if (kind == Kind.ERROR && Throwable.class.isAssignableFrom(type) && errorType == Throwable.class
					&& !hasThrowable(types, i)) {
				errorType = type;
				this.resolvers[i] = (invocation, self) -> invocation.error();
				continue;
			}
			throw new WsHandlerDefinitionException(this.description + " has unsupported parameter "
					+ name(parameters, i) + " of type " + type.getName() + ": expected " + kind.accepted);
		}
		if (kind == Kind.MESSAGE && payload == Payload.NONE) {
			throw new WsHandlerDefinitionException(
					this.description + " declares no payload parameter: expected exactly one (" + MESSAGE_PAYLOADS
							+ ") and optionally a WsSession");
		}
		if (messageType != null && (payload == Payload.BYTES || payload == Payload.BUFFER)) {
			throw new WsHandlerDefinitionException(this.description + " selects message type '" + messageType
					+ "' but takes a binary payload: typed methods receive JSON text frames, so take a String, "
					+ "WsMessage or a JSON type");
		}
		this.payload = payload;
		this.jsonType = jsonType;
		this.errorType = errorType;
	}

	/** "[2] 'status'" with {@code -parameters}, else "[2]". */
	private static String name(Parameter[] parameters, int index) {
		return "[" + index + "]" + (parameters[index].isNamePresent() ? " '" + parameters[index].getName() + "'" : "");
	}

	private static boolean hasThrowable(Class<?>[] types, int index) {
		for (int i = 0; i < index; i++) {
			if (Throwable.class.isAssignableFrom(types[i])) {
				return true;
			}
		}
		return false;
	}

	/** Types that are never a message payload, so a mistake with them fails start-up with a clear message. */
	private static boolean isPayloadType(Class<?> type) {
		return !(type == CloseStatus.class || Throwable.class.isAssignableFrom(type)
				|| WebSocketSession.class.isAssignableFrom(type) || WebSocketMessage.class.isAssignableFrom(type)
				|| Principal.class.isAssignableFrom(type) || type == WsInvocation.class);
	}

	/**
	 * Create the handler method for an annotated method, checking every parameter.
	 * @param owner how messages name the object the method is on, such as {@code bean 'chat'}
	 * @throws WsHandlerDefinitionException if a parameter cannot be resolved
	 */
	static WsHandlerMethod of(Object bean, String owner, Method method, Annotation annotation, int order,
			boolean client) {
		Kind kind = Kind.of(annotation);
		String messageType = (annotation instanceof WsOnMessage onMessage && !onMessage.value().isEmpty())
				? onMessage.value() : null;
		return new WsHandlerMethod(bean, owner, method, kind, order, messageType, client);
	}

	static String describe(Method method) {
		return ClassUtils.getShortName(method.getDeclaringClass()) + "." + method.getName() + "("
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(", "))
				+ ")";
	}

	/** The Jackson type of a payload parameter, its generics resolved against the bean's class where they can be. */
	private static JavaType javaType(TypeFactory types, ResolvableType type) {
		if (!type.hasGenerics()) {
			return types.constructType(type.toClass());
		}
		JavaType[] arguments = Arrays.stream(type.getGenerics())
			.map((generic) -> javaType(types, generic))
			.toArray(JavaType[]::new);
		return types.constructParametricType(type.toClass(), arguments);
	}

	/** Prepare JSON readers and the observer; called once, when all handler methods are known. */
	void prepare(JsonMapper jsonMapper, WsEndpointObserver endpointObserver, boolean mdc) {
		this.mdc = mdc;
		this.observer = endpointObserver.handler(this.kind.name().toLowerCase(Locale.ROOT), this.observedName);
		if (this.jsonType != null && this.jsonType.toClass() != JsonNode.class) {
			this.jsonReader = jsonMapper.readerFor(javaType(jsonMapper.getTypeFactory(), this.jsonType));
		}
	}

	/**
	 * Call the method.
	 * @return the method's return value
	 * @throws Throwable whatever the method throws, unwrapped, or a {@link io.github.wsstarter.WsDecodeException}
	 */
	@Nullable Object invoke(WsInvocation invocation) throws Throwable {
		Object[] args = new Object[this.resolvers.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.resolvers[i].resolve(invocation, this);
		}
		WsHandlerObserver observer = this.observer;
		HandlerMdc mdc = HandlerMdc.put(invocation.session(), this.mdc);
		try {
			if (observer == WsHandlerObserver.NONE) {
				return call(args);
			}
			return observer.observe(invocation.session(), () -> call(args));
		}
		finally {
			mdc.close();
		}
	}

	private @Nullable Object call(@Nullable Object[] args) throws Throwable {
		try {
			return this.method.invoke(this.bean, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	Kind kind() {
		return this.kind;
	}

	int order() {
		return this.order;
	}

	@Nullable String messageType() {
		return this.messageType;
	}

	boolean takesText() {
		return this.payload != Payload.BYTES && this.payload != Payload.BUFFER;
	}

	boolean takesBinary() {
		return this.messageType == null
				&& (this.payload == Payload.BYTES || this.payload == Payload.BUFFER || this.payload == Payload.MESSAGE);
	}

	boolean catches(Throwable error) {
		return this.errorType.isInstance(error);
	}

	@Nullable ResolvableType jsonType() {
		return this.jsonType;
	}

	@Nullable ObjectReader jsonReader() {
		return this.jsonReader;
	}

	@Override
	public String toString() {
		return this.description;
	}

	/** The event a method handles. */
	enum Kind {

		INIT(WsOnInit.class, "a WsSession"),

		MESSAGE(WsOnMessage.class, "a WsSession or exactly one payload (" + MESSAGE_PAYLOADS + ")"),

		CLOSE(WsOnClose.class, "a WsSession, a CloseStatus or a WsCloseCause"),

		PONG(WsOnPong.class, "a WsSession or a Duration (the round-trip time)"),

		ERROR(WsOnError.class, "a WsSession or one Throwable (a subtype restricts the errors the method takes)");

		final Class<? extends Annotation> annotation;

		final String accepted;

		Kind(Class<? extends Annotation> annotation, String accepted) {
			this.annotation = annotation;
			this.accepted = accepted;
		}

		static Kind of(Annotation annotation) {
			for (Kind kind : values()) {
				if (kind.annotation == annotation.annotationType()) {
					return kind;
				}
			}
			throw new IllegalArgumentException("Not a handler annotation: " + annotation);
		}

	}

	/** What the payload parameter of a {@code @WsOnMessage} method is, and how it is obtained. */
	private enum Payload {

		NONE((invocation, method) -> null),

		TEXT((invocation, method) -> invocation.frame().text()),

		BYTES((invocation, method) -> invocation.frame().bytes()),

		BUFFER((invocation, method) -> invocation.frame().binary()),

		MESSAGE((invocation, method) -> invocation.frame()),

		JSON((invocation, method) -> invocation.frame().read(method));

		final ArgumentResolver resolver;

		Payload(ArgumentResolver resolver) {
			this.resolver = resolver;
		}

		static Payload of(Class<?> type) {
			if (type == String.class) {
				return TEXT;
			}
			if (type == byte[].class) {
				return BYTES;
			}
			if (type == ByteBuffer.class) {
				return BUFFER;
			}
			if (type == WsMessage.class) {
				return MESSAGE;
			}
			return JSON;
		}

	}

	/** Obtains one argument of a call. */
	@FunctionalInterface
	interface ArgumentResolver {

		@Nullable Object resolve(WsInvocation invocation, WsHandlerMethod method);

	}

}
