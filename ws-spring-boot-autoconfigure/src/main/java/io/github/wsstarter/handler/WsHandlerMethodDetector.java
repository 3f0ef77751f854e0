package io.github.wsstarter.handler;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import io.github.wsstarter.WsClientHandler;
import io.github.wsstarter.WsEndpoint;
import io.github.wsstarter.WsHandlerDefinitionException;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnError;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsOnPong;
import io.github.wsstarter.session.WsSessionRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.Order;
import org.springframework.core.annotation.OrderUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.WebSocketHandler;

/**
 * Finds the {@code @WsOn*} methods of every bean as it is created, checks their parameters, and binds them to their
 * endpoint: the path of the bean's {@link WsEndpoint}, or the default path (a server skips the beans marked
 * {@link WsClientHandler}). Only paths that a bean binds methods to are registered. A method that cannot be called
 * fails the creation of its bean, and so the start-up, with a message that names the bean, the method and the
 * parameter.
 * <p>
 * The discovery follows {@code @EventListener} and {@code @JmsListener}: the target class of proxies is inspected,
 * classes without annotated methods are remembered and skipped.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
public final class WsHandlerMethodDetector implements BeanPostProcessor, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(WsHandlerMethodDetector.class);

	private static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(WsOnInit.class, WsOnMessage.class,
			WsOnClose.class, WsOnError.class, WsOnPong.class);

	private final String defaultPath;

	private final boolean client;

	private final Map<String, WsEndpointMethods> endpoints = new ConcurrentHashMap<>();

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet(64);

	private @Nullable ListableBeanFactory beanFactory;

	/**
	 * Create a detector.
	 * @param defaultPath the path of beans without {@link WsEndpoint}
	 */
	public WsHandlerMethodDetector(String defaultPath) {
		this(defaultPath, false);
	}

	/**
	 * Create a detector of a server's endpoints or of a client's handlers.
	 * @param defaultPath the path of beans without {@link WsEndpoint}
	 * @param client whether the methods handle a {@code WsClient}'s connections (they take a
	 * {@code WsClientConnection} where a server's take a {@code WsSession})
	 */
	public WsHandlerMethodDetector(String defaultPath, boolean client) {
		Assert.hasText(defaultPath, "'defaultPath' must not be empty");
		this.defaultPath = defaultPath;
		this.client = client;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (beanFactory instanceof ListableBeanFactory listable) ? listable : null;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
		if (this.nonAnnotatedClasses.contains(targetClass) || !AnnotationUtils.isCandidateClass(targetClass, ANNOTATIONS)) {
			return bean;
		}
		if (isClientHandler(targetClass, beanName) && !this.client) {
			return bean;
		}
		Map<Method, Annotation> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Annotation>) (method) -> findAnnotation(method, beanName));
		if (annotated.isEmpty()) {
			this.nonAnnotatedClasses.add(targetClass);
			return bean;
		}
		checkSingleton(beanName);
		String path = endpointPath(targetClass, beanName);
		int order = order(bean, beanName, targetClass);
		WsEndpointMethods endpoint = endpoint(path);
		annotated.forEach((method, annotation) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			ReflectionUtils.makeAccessible(invocable);
			endpoint.add(WsHandlerMethod.of(bean, owner(beanName), invocable, annotation, order, this.client));
		});
		if (logger.isDebugEnabled()) {
			logger.debug(annotated.size() + " @WsOn* methods processed on " + owner(beanName) + " for endpoint '"
					+ path + "'");
		}
		return bean;
	}

	/**
	 * Whether the class is a {@link WsClientHandler}, whose methods are for the clients it is given to: a server
	 * skips it. On either side, a class may not be both that and a {@link WsEndpoint}.
	 */
	private boolean isClientHandler(Class<?> type, String beanName) {
		if (!AnnotatedElementUtils.hasAnnotation(type, WsClientHandler.class)) {
			return false;
		}
		if (AnnotatedElementUtils.hasAnnotation(type, WsEndpoint.class)) {
			throw new WsHandlerDefinitionException(StringUtils.capitalize(owner(beanName))
					+ " is annotated with both @WsEndpoint and @WsClientHandler: "
					+ "expected @WsEndpoint on a server's endpoint, @WsClientHandler on a client's handler");
		}
		return true;
	}

	/** How messages name a handler: a server's bean, or an object given to a client's builder. */
	private String owner(String beanName) {
		return (this.client ? "client handler '" : "bean '") + beanName + "'";
	}

	/** Every instance of a prototype would add its methods again: each event would reach all of them. */
	private void checkSingleton(String beanName) {
		if (this.beanFactory != null && this.beanFactory.containsBeanDefinition(beanName)
				&& this.beanFactory instanceof ConfigurableListableBeanFactory configurable) {
			String scope = configurable.getBeanDefinition(beanName).getScope();
			if (!configurable.isSingleton(beanName)) {
				throw new WsHandlerDefinitionException("Bean '" + beanName + "' has @WsOn* methods but scope '"
						+ scope + "': expected a singleton, since handler methods are bound once at start-up");
			}
		}
	}

	/** The bean's order: {@code Ordered}, else {@code @Order} on its {@code @Bean} method or class. */
	private int order(Object bean, String beanName, Class<?> targetClass) {
		if (bean instanceof Ordered ordered) {
			return ordered.getOrder();
		}
		if (this.beanFactory != null && this.beanFactory.containsBean(beanName)) {
			Order order = this.beanFactory.findAnnotationOnBean(beanName, Order.class);
			if (order != null) {
				return order.value();
			}
		}
		return OrderUtils.getOrder(targetClass, Ordered.LOWEST_PRECEDENCE);
	}

	private @Nullable Annotation findAnnotation(Method method, String beanName) {
		Annotation found = null;
		for (Class<? extends Annotation> type : ANNOTATIONS) {
			Annotation annotation = AnnotatedElementUtils.findMergedAnnotation(method, type);
			if (annotation != null) {
				if (found != null) {
					throw new WsHandlerDefinitionException("Method '" + WsHandlerMethod.describe(method)
							+ "' on " + owner(beanName) + " is annotated with both @"
							+ found.annotationType().getSimpleName() + " and @" + type.getSimpleName()
							+ ": expected one @WsOn* annotation per method");
				}
				found = annotation;
			}
		}
		return found;
	}

	private String endpointPath(Class<?> type, String beanName) {
		WsEndpoint endpoint = AnnotatedElementUtils.findMergedAnnotation(type, WsEndpoint.class);
		if (endpoint == null) {
			return this.defaultPath;
		}
		String path = endpoint.value();
		if (!path.startsWith("/")) {
			throw new WsHandlerDefinitionException("@WsEndpoint on " + owner(beanName) + " has path '" + path
					+ "': expected a path that starts with '/', such as '/chat'");
		}
		return path;
	}

	private WsEndpointMethods endpoint(String path) {
		return this.endpoints.computeIfAbsent(path, WsEndpointMethods::new);
	}

	/**
	 * Return the paths to register: those of the beans with {@code @WsOn*} methods, including beans not created yet
	 * (every bean definition annotated with {@link WsEndpoint}, and the default path if a bean without it has such
	 * methods). A path no handler is bound to is not registered.
	 * @return the endpoint paths
	 * @throws WsHandlerDefinitionException if a {@code @WsEndpoint} path does not start with {@code /}
	 */
	public Set<String> endpointPaths() {
		Set<String> paths = new LinkedHashSet<>();
		if (this.endpoints.containsKey(this.defaultPath) || defaultPathHasHandlers()) {
			paths.add(this.defaultPath);
		}
		if (this.beanFactory != null) {
			for (String name : this.beanFactory.getBeanNamesForAnnotation(WsEndpoint.class)) {
				Class<?> type = this.beanFactory.getType(name);
				if (type != null && !isClientHandler(type, name)) {
					paths.add(endpointPath(type, name));
				}
			}
		}
		paths.addAll(this.endpoints.keySet());
		return paths;
	}

	/** Whether a bean not created yet, without {@link WsEndpoint}, has handler methods. */
	private boolean defaultPathHasHandlers() {
		if (this.beanFactory == null) {
			return false;
		}
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type == null) {
				continue;
			}
			Class<?> target = ClassUtils.getUserClass(type);
			if (this.nonAnnotatedClasses.contains(target) || !AnnotationUtils.isCandidateClass(target, ANNOTATIONS)
					|| AnnotatedElementUtils.hasAnnotation(target, WsEndpoint.class)
					|| AnnotatedElementUtils.hasAnnotation(target, WsClientHandler.class)) {
				continue;
			}
			boolean annotated = !MethodIntrospector.selectMethods(target,
					(ReflectionUtils.MethodFilter) (method) -> ANNOTATIONS.stream()
						.anyMatch((annotation) -> AnnotatedElementUtils.hasAnnotation(method, annotation)))
				.isEmpty();
			if (annotated) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Create the WebSocket handler that dispatches the events of one endpoint to its methods.
	 * @param path the endpoint path
	 * @param sessions the registry that open sessions enter
	 * @param shutdown tells whether the application is shutting down, so that new connections are closed
	 * @param jsonMapper the mapper that reads JSON payloads
	 * @param typeField the name of the JSON field that selects typed {@code @WsOnMessage} methods
	 * @return the handler
	 */
	public WebSocketHandler createHandler(String path, WsSessionRegistry sessions, BooleanSupplier shutdown,
			JsonMapper jsonMapper, String typeField) {
		return new WsEndpointHandler(endpoint(path), sessions, shutdown, jsonMapper, typeField);
	}

}
