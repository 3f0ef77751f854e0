package io.github.wsstarter.autoconfigure;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCluster;
import io.github.wsstarter.broadcast.DefaultWsBroadcaster;
import io.github.wsstarter.broadcast.LocalWsBroadcastTransport;
import io.github.wsstarter.broadcast.LocalWsCluster;
import io.github.wsstarter.broadcast.WsBroadcastTransport;
import io.github.wsstarter.handler.WsHandlerMethodDetector;
import io.github.wsstarter.session.WsFrameSinks;
import io.github.wsstarter.session.WsIoExecutors;
import io.github.wsstarter.session.WsMessageEncoder;
import io.github.wsstarter.session.WsServerLifecycle;
import io.github.wsstarter.session.WsSessionMonitor;
import io.github.wsstarter.session.WsObserver;
import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsSessionSettings;
import java.time.Duration;
import java.util.concurrent.Executor;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for annotation-driven WebSocket endpoints: finds the
 * {@code @WsOn*} methods of the application's beans, registers one endpoint per path on the servlet container, and
 * provides the {@link WsBroadcaster}.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "ws.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsProperties.class)
public final class WsAutoConfiguration {

	/**
	 * The name of an {@link Executor} bean of the application's that runs its callbacks when the server closes a
	 * session, instead of the starter's own threads.
	 */
	public static final String CALLBACK_EXECUTOR_BEAN_NAME = "wsCallbackExecutor";

	@Bean
	@ConditionalOnMissingBean
	static WsHandlerMethodDetector wsHandlerMethodDetector(Environment environment) {
		// A post-processor is created before properties beans, so the one property it needs is bound here
		String path = Binder.get(environment).bind("ws.path", String.class).orElse("/ws");
		if (!path.startsWith("/")) {
			throw new InvalidConfigurationPropertyValueException("ws.path", path, "must start with '/'");
		}
		return new WsHandlerMethodDetector(path);
	}

	@Bean
	@ConditionalOnMissingBean
	WsMessageEncoder wsMessageEncoder(ObjectProvider<JsonMapper> jsonMapper) {
		return new WsMessageEncoder(jsonMapper.getIfAvailable(JsonMapper::new));
	}

	/**
	 * The application's callbacks run, when the server closes a session, on the application's bean named
	 * {@value #CALLBACK_EXECUTOR_BEAN_NAME} if there is one, else on virtual threads with
	 * {@code spring.threads.virtual.enabled}, else on a small pool of the starter's; the application's
	 * {@link TaskDecorator} (context propagation, MDC) applies to the last two. The starter itself declares no
	 * {@link Executor} bean, which would make the application's injection of one ambiguous.
	 */
	@Bean
	@ConditionalOnMissingBean
	WsIoExecutors wsIoExecutors(BeanFactory beanFactory, Environment environment,
			ObjectProvider<TaskDecorator> taskDecorator) {
		if (beanFactory.containsBean(CALLBACK_EXECUTOR_BEAN_NAME)) {
			return new WsIoExecutors(beanFactory.getBean(CALLBACK_EXECUTOR_BEAN_NAME, Executor.class), () -> {
			});
		}
		if (Threading.VIRTUAL.isActive(environment)) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("ws-callback-");
			executor.setVirtualThreads(true);
			taskDecorator.ifUnique(executor::setTaskDecorator);
			return new WsIoExecutors(executor, executor::close);
		}
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("ws-callback-");
		executor.setCorePoolSize(8);
		executor.setMaxPoolSize(8);
		executor.setAllowCoreThreadTimeOut(true);
		executor.setDaemon(true);
		taskDecorator.ifUnique(executor::setTaskDecorator);
		executor.initialize();
		return new WsIoExecutors(executor, executor::shutdown);
	}

	@Bean
	@ConditionalOnMissingBean
	WsFrameSinks wsFrameSinks(WsProperties properties) {
		return WsFrameSinks.forContainer(properties.isDirectWrites(), WsAutoConfiguration.class.getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	WsSessionRegistry wsSessionRegistry(WsMessageEncoder encoder, WsProperties properties, WsIoExecutors executors,
			WsFrameSinks sinks, ObjectProvider<WsObserver> observer) {
		WsSessionRegistry registry = new WsSessionRegistry(encoder, sessionSettings(properties), executors, sinks);
		// The application's, the meters' (WsMetricsAutoConfiguration) and the observations' (WsObservationAutoConfiguration)
		registry.observers().setObserver(WsObserver.of(observer.orderedStream().toList()));
		registry.observers().setLoggingMdc(properties.getMdc().isEnabled());
		return registry;
	}

	static WsSessionSettings sessionSettings(WsProperties properties) {
		WsProperties.Heartbeat heartbeat = properties.getHeartbeat();
		Integer rate = properties.getMaxMessagesPerSecond();
		return new WsSessionSettings(properties.getSendTimeLimit(), properties.getSendBufferSizeLimit().toBytes(),
				properties.getOverflowStrategy() == WsProperties.OverflowStrategy.DROP, (rate != null) ? rate : 0,
				heartbeat.isEnabled() ? heartbeat.getInterval() : null, heartbeat.getTimeout(),
				properties.getIdleTimeout(), toInt(properties.getMaxTextMessageSize().toBytes()),
				toInt(properties.getMaxBinaryMessageSize().toBytes()), properties.getClientFaultWarningsPerMinute());
	}

	private static int toInt(long value) {
		return (int) Math.min(Integer.MAX_VALUE, value);
	}

	@Bean
	@ConditionalOnMissingBean
	WsSessionMonitor wsSessionMonitor(WsSessionRegistry registry) {
		return new WsSessionMonitor(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	WsServerLifecycle wsServerLifecycle(WsSessionRegistry registry, Environment environment) {
		Duration phaseTimeout = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
		return new WsServerLifecycle(registry, phaseTimeout);
	}

	@Bean
	@ConditionalOnMissingBean(WsBroadcastTransport.class)
	LocalWsBroadcastTransport wsBroadcastTransport(WsSessionRegistry registry) {
		return new LocalWsBroadcastTransport(registry);
	}

	@Bean
	@ConditionalOnMissingBean(WsCluster.class)
	LocalWsCluster wsCluster(WsSessionRegistry registry, Environment environment) {
		String instanceId = environment.getProperty("ws.cluster.instance-id");
		return new LocalWsCluster(registry, StringUtils.hasText(instanceId) ? instanceId : LocalWsCluster.randomId());
	}

	@Bean
	@ConditionalOnMissingBean(WsBroadcaster.class)
	DefaultWsBroadcaster wsBroadcaster(WsSessionRegistry registry, WsMessageEncoder encoder,
			WsBroadcastTransport transport, WsServerLifecycle lifecycle, WsCluster cluster) {
		return new DefaultWsBroadcaster(registry, encoder, transport, lifecycle, cluster);
	}

	@Bean
	@ConditionalOnMissingBean
	WsEndpointConfigurer wsEndpointConfigurer(WsHandlerMethodDetector detector, WsSessionRegistry sessions,
			WsServerLifecycle lifecycle, WsMessageEncoder encoder, WsProperties properties,
			ObjectProvider<HandshakeInterceptor> interceptors,
			ObjectProvider<WsEndpointRegistrationCustomizer> customizers) {
		String typeField = properties.getTypeField();
		if (typeField == null || typeField.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("ws.type-field", typeField, "must not be empty");
		}
		return new WsEndpointConfigurer(detector, sessions, lifecycle, encoder, properties,
				interceptors.orderedStream().toList(), customizers.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class EnableWebSocketConfiguration {

	}

	/** Tomcat's connector is the application's: its socket buffers are set only when it opts in. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.tomcat.TomcatConnectorCustomizer")
	@ConditionalOnProperty("ws.socket-buffer-size")
	static class TomcatConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsTomcatSocketBufferCustomizer wsTomcatSocketBufferCustomizer(WsProperties properties) {
			return new WsTomcatSocketBufferCustomizer(properties.getSocketBufferSize());
		}

	}

}
