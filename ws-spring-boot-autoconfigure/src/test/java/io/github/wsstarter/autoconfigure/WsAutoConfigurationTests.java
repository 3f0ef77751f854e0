package io.github.wsstarter.autoconfigure;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsClientConnection;
import io.github.wsstarter.WsClientHandler;
import io.github.wsstarter.WsEndpoint;
import io.github.wsstarter.WsHandlerDefinitionException;
import io.github.wsstarter.WsOnClose;
import io.github.wsstarter.WsOnError;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.broadcast.DefaultWsBroadcaster;
import io.github.wsstarter.broadcast.LocalWsBroadcastTransport;
import io.github.wsstarter.broadcast.WsBroadcast;
import io.github.wsstarter.broadcast.WsBroadcastTransport;
import io.github.wsstarter.handler.WsHandlerMethodDetector;
import io.github.wsstarter.session.WsFrameSinks;
import io.github.wsstarter.session.WsIoExecutors;
import io.github.wsstarter.session.WsMessageEncoder;
import io.github.wsstarter.session.WsServerLifecycle;
import io.github.wsstarter.session.WsSessionMonitor;
import io.github.wsstarter.session.WsSessionRegistry;
import io.github.wsstarter.session.WsSessionSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsAutoConfiguration}.
 */
class WsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsAutoConfiguration.class));

	@Test
	void registersTheBroadcasterAndItsParts() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(DefaultWsBroadcaster.class)
				.hasSingleBean(LocalWsBroadcastTransport.class)
				.hasSingleBean(WsSessionRegistry.class)
				.hasSingleBean(WsMessageEncoder.class)
				.hasSingleBean(WsHandlerMethodDetector.class)
				.hasSingleBean(WsEndpointConfigurer.class)
				.hasSingleBean(WsServerLifecycle.class)
				.hasSingleBean(WsIoExecutors.class)
				.hasSingleBean(WsFrameSinks.class)
				.doesNotHaveBean(java.util.concurrent.Executor.class)
				.hasSingleBean(WsSessionMonitor.class);
			assertThat(context.getBean(WsMessageEncoder.class).getJsonMapper())
				.isSameAs(context.getBean(JsonMapper.class));
		});
	}

	@Test
	void changesNothingOutsideItsOwnSessionsByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(WsTomcatSocketBufferCustomizer.class);
			assertThat(System.getProperty("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE")).isNull();
		});
	}

	@Test
	void sizesTomcatsSocketBuffersOnlyWhenAsked() {
		this.contextRunner.withPropertyValues("ws.socket-buffer-size=8KB")
			.run((context) -> assertThat(context.getBean(WsTomcatSocketBufferCustomizer.class).getSize())
				.isEqualTo(8192));
	}

	@Test
	void registersNoEndpointWithoutAHandler() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(WebSocketHandlerMapping.class).values())
				.allSatisfy((mapping) -> assertThat(mapping.getUrlMap()).isEmpty());
		});
	}

	@Test
	void registersTheDefaultPathForAHandlerNotCreatedYet() {
		this.contextRunner.withBean("lazyDefault", Default.class, Default::new,
				(definition) -> definition.setLazyInit(true))
			.run((context) -> assertThat(context.getBean(WebSocketHandlerMapping.class).getUrlMap())
				.containsOnlyKeys("/ws"));
	}

	@Test
	void registersTheDefaultPathAndEveryWsEndpointPath() {
		this.contextRunner.withUserConfiguration(EndpointsConfiguration.class).run((context) -> {
			WebSocketHandlerMapping mapping = context.getBean(WebSocketHandlerMapping.class);
			assertThat(mapping.getUrlMap()).containsOnlyKeys("/ws", "/other");
		});
	}

	@Test
	void pathPropertyMovesTheDefaultEndpoint() {
		this.contextRunner.withPropertyValues("ws.path=/socket").withBean(Default.class).run((context) -> {
			WebSocketHandlerMapping mapping = context.getBean(WebSocketHandlerMapping.class);
			assertThat(mapping.getUrlMap()).containsOnlyKeys("/socket");
		});
	}

	@Test
	void worksWithoutAJsonMapperBean() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(WsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(WsBroadcaster.class)
				.doesNotHaveBean(JsonMapper.class));
	}

	@Test
	void userBroadcasterAndTransportReplaceTheDefaults() {
		this.contextRunner.withUserConfiguration(CustomBeansConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WsBroadcaster.class).doesNotHaveBean("wsBroadcaster");
			assertThat(context).hasSingleBean(WsBroadcastTransport.class)
				.doesNotHaveBean(LocalWsBroadcastTransport.class);
			assertThat(context.getBean(WsBroadcaster.class)).isSameAs(CustomBeansConfiguration.BROADCASTER);
		});
	}

	@Test
	void userTransportCarriesTheDefaultBroadcastersBroadcasts() {
		List<WsBroadcast> published = new ArrayList<>();
		this.contextRunner.withBean(WsBroadcastTransport.class, () -> published::add).run((context) -> {
			assertThat(context).hasSingleBean(DefaultWsBroadcaster.class)
				.doesNotHaveBean(LocalWsBroadcastTransport.class);
			WsBroadcaster broadcaster = context.getBean(WsBroadcaster.class);
			broadcaster.sendAll(Map.of("n", 1));
			broadcaster.sendToRoom("red", "hi");
			assertThat(broadcaster.send("elsewhere", "psst")).isFalse();
			assertThat(published).extracting(WsBroadcast::scope).containsExactly(WsBroadcast.Scope.ALL, WsBroadcast.Scope.ROOM,
					WsBroadcast.Scope.SESSION);
			assertThat(published).extracting(WsBroadcast::target).containsExactly(null, "red", "elsewhere");
			assertThat(published.get(0).frame()).isEqualTo(new TextMessage("{\"n\":1}"));
		});
	}

	@Test
	void userEncoderRegistryAndDetectorReplaceTheDefaults() {
		WsMessageEncoder encoder = new WsMessageEncoder(new JsonMapper());
		WsSessionRegistry registry = registry(encoder);
		this.contextRunner.withBean("myEncoder", WsMessageEncoder.class, () -> encoder)
			.withBean(Default.class)
			.withBean("myRegistry", WsSessionRegistry.class, () -> registry)
			.withBean("myDetector", WsHandlerMethodDetector.class, () -> new WsHandlerMethodDetector("/mine"))
			.run((context) -> {
				assertThat(context.getBean(WsMessageEncoder.class)).isSameAs(encoder);
				assertThat(context.getBean(WsSessionRegistry.class)).isSameAs(registry);
				assertThat(context).hasSingleBean(WsHandlerMethodDetector.class);
				assertThat(context.getBean(WebSocketHandlerMapping.class).getUrlMap()).containsOnlyKeys("/mine");
			});
	}

	@Test
	void whenReactiveApplicationThenNoBeansAreRegistered() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WsBroadcaster.class));
	}

	@Test
	void aBeanMarkedAsAClientHandlerIsNoServerEndpoint() {
		this.contextRunner.withUserConfiguration(ClientHandlerConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			// Its methods take a client's connection, and it is a prototype: both would fail a server's endpoint
			assertThat(context.getBean(WsHandlerMethodDetector.class).endpointPaths()).isEmpty();
			assertThat(context).getBean("bot").isNotSameAs(context.getBean("bot"));
		});
	}

	@Test
	void aBeanThatIsBothAnEndpointAndAClientHandlerFailsStartup() {
		assertStartupFailure(EndpointAndClientHandlerConfiguration.class,
				"Bean 'handler' is annotated with both @WsEndpoint and @WsClientHandler");
	}

	@Test
	void prototypeHandlerBeanFailsStartup() {
		assertStartupFailure(PrototypeConfiguration.class,
				"Bean 'handler' has @WsOn* methods but scope 'prototype': expected a singleton");
	}

	@Test
	void whenEnabledPropertyIsFalseThenNoBeansAreRegistered() {
		this.contextRunner.withPropertyValues("ws.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WsBroadcaster.class)
				.doesNotHaveBean(WsHandlerMethodDetector.class)
				.doesNotHaveBean(WebSocketHandlerMapping.class));
	}

	@Test
	void whenNotAServletApplicationThenNoBeansAreRegistered() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WsBroadcaster.class));
	}

	@Test
	void whenSpringWebSocketIsMissingThenNoBeansAreRegistered() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebSocketHandler.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WsBroadcaster.class));
	}

	@Test
	void pathWithoutLeadingSlashFailsStartup() {
		this.contextRunner.withPropertyValues("ws.path=ws").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ws.path")
				.hasMessageContaining("must start with '/'");
		});
	}

	@Test
	void emptyTypeFieldFailsStartup() {
		this.contextRunner.withPropertyValues("ws.type-field= ").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("ws.type-field");
		});
	}

	@Test
	void handlerWithUnsupportedParameterFailsStartupNamingBeanMethodAndParameter() {
		assertStartupFailure(UnsupportedParameterConfiguration.class,
				"@WsOnMessage method 'WsAutoConfigurationTests.UnsupportedParameter.said(WsSession, String, CloseStatus)'"
						+ " on bean 'handler' has unsupported parameter [2] 'status' of type org.springframework.web.socket.CloseStatus:"
						+ " expected a WsSession or exactly one payload (String, byte[], ByteBuffer, WsMessage or a JSON type)");
	}

	@Test
	void messageHandlerWithTwoPayloadsFailsStartup() {
		assertStartupFailure(TwoPayloadsConfiguration.class,
				"@WsOnMessage method 'WsAutoConfigurationTests.TwoPayloads.said(String, byte[])' on bean 'handler'"
						+ " has a second payload parameter [1] 'bytes' of type [B after [0] 'text' of type java.lang.String");
	}

	@Test
	void messageHandlerWithoutPayloadFailsStartup() {
		assertStartupFailure(NoPayloadConfiguration.class, "@WsOnMessage method "
				+ "'WsAutoConfigurationTests.NoPayload.said(WsSession)' on bean 'handler' declares no payload parameter");
	}

	@Test
	void initHandlerWithAPayloadFailsStartup() {
		assertStartupFailure(InitWithPayloadConfiguration.class, "@WsOnInit method "
				+ "'WsAutoConfigurationTests.InitWithPayload.opened(String)' on bean 'handler' has unsupported parameter"
				+ " [0] 'text' of type java.lang.String: expected a WsSession");
	}

	@Test
	void typedHandlerWithBinaryPayloadFailsStartup() {
		assertStartupFailure(TypedBinaryConfiguration.class, "selects message type 'image' but takes a binary payload");
	}

	@Test
	void errorHandlerWithTwoThrowablesFailsStartup() {
		assertStartupFailure(TwoThrowablesConfiguration.class, "@WsOnError method "
				+ "'WsAutoConfigurationTests.TwoThrowables.failed(RuntimeException, Exception)' on bean 'handler'"
				+ " has unsupported parameter [1] 'second' of type java.lang.Exception");
	}

	@Test
	void methodWithTwoHandlerAnnotationsFailsStartup() {
		assertStartupFailure(TwoAnnotationsConfiguration.class,
				"is annotated with both @WsOnInit and @WsOnClose: expected one @WsOn* annotation per method");
	}

	@Test
	void endpointPathWithoutLeadingSlashFailsStartup() {
		assertStartupFailure(BadEndpointConfiguration.class,
				"@WsEndpoint on bean 'handler' has path 'chat': expected a path that starts with '/'");
	}

	@Test
	void failureAnalyzerDescribesTheBadHandlerAndTheFix() {
		this.contextRunner.withUserConfiguration(UnsupportedParameterConfiguration.class).run((context) -> {
			FailureAnalysis analysis = new WsHandlerDefinitionFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("unsupported parameter [2]");
			assertThat(analysis.getAction()).contains("Javadoc of each @WsOn* annotation");
		});
	}

	private void assertStartupFailure(Class<?> configuration, String message) {
		this.contextRunner.withUserConfiguration(configuration).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(WsHandlerDefinitionException.class)
				.hasMessageContaining(message);
		});
	}

	static WsSessionRegistry registry(WsMessageEncoder encoder) {
		return new WsSessionRegistry(encoder, WsSessionSettings.DEFAULTS, new WsIoExecutors(Runnable::run),
				WsFrameSinks.forContainer(true, WsAutoConfigurationTests.class.getClassLoader()));
	}

	@Configuration(proxyBeanMethods = false)
	static class EndpointsConfiguration {

		@Bean
		Default defaultHandler() {
			return new Default();
		}

		@Bean
		Other other() {
			return new Other();
		}

		@Bean
		PushOnly pushOnly() {
			return new PushOnly();
		}

	}

	static class Default {

		@WsOnMessage
		void said(String text) {
		}

	}

	@WsEndpoint("/other")
	static class Other {

		@WsOnMessage
		void said(ByteBuffer payload) {
		}

	}

	@WsEndpoint("/other")
	static class PushOnly {

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomBeansConfiguration {

		static final WsSessionRegistry REGISTRY = registry(new WsMessageEncoder(new JsonMapper()));

		static final WsBroadcaster BROADCASTER = new DefaultWsBroadcaster(REGISTRY,
				new WsMessageEncoder(new JsonMapper()), (broadcast) -> {
				}, new WsServerLifecycle(REGISTRY, Duration.ofSeconds(30)),
				new io.github.wsstarter.broadcast.LocalWsCluster(REGISTRY, "custom"));

		@Bean
		WsBroadcaster customBroadcaster() {
			return BROADCASTER;
		}

		@Bean
		WsBroadcastTransport customTransport() {
			return (broadcast) -> {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrototypeConfiguration {

		@Bean
		@Scope("prototype")
		Default handler() {
			return new Default();
		}

		@Bean
		String user(Default handler) {
			return "uses a prototype";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClientHandlerConfiguration {

		@Bean
		@Scope("prototype")
		Bot bot() {
			return new Bot();
		}

	}

	@WsClientHandler
	static class Bot {

		@WsOnMessage
		void heard(String text, WsClientConnection connection) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EndpointAndClientHandlerConfiguration {

		@Bean
		EndpointAndClientHandler handler() {
			return new EndpointAndClientHandler();
		}

	}

	@WsEndpoint("/both")
	@WsClientHandler
	static class EndpointAndClientHandler {

		@WsOnMessage
		void heard(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnsupportedParameterConfiguration {

		@Bean
		UnsupportedParameter handler() {
			return new UnsupportedParameter();
		}

	}

	static class UnsupportedParameter {

		@WsOnMessage
		void said(WsSession session, String text, CloseStatus status) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoPayloadsConfiguration {

		@Bean
		TwoPayloads handler() {
			return new TwoPayloads();
		}

	}

	static class TwoPayloads {

		@WsOnMessage
		void said(String text, byte[] bytes) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoPayloadConfiguration {

		@Bean
		NoPayload handler() {
			return new NoPayload();
		}

	}

	static class NoPayload {

		@WsOnMessage
		void said(WsSession session) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InitWithPayloadConfiguration {

		@Bean
		InitWithPayload handler() {
			return new InitWithPayload();
		}

	}

	static class InitWithPayload {

		@WsOnInit
		void opened(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TypedBinaryConfiguration {

		@Bean
		TypedBinary handler() {
			return new TypedBinary();
		}

	}

	static class TypedBinary {

		@WsOnMessage("image")
		void image(byte[] bytes) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoThrowablesConfiguration {

		@Bean
		TwoThrowables handler() {
			return new TwoThrowables();
		}

	}

	static class TwoThrowables {

		@WsOnError
		void failed(RuntimeException first, Exception second) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoAnnotationsConfiguration {

		@Bean
		TwoAnnotations handler() {
			return new TwoAnnotations();
		}

	}

	static class TwoAnnotations {

		@WsOnInit
		@WsOnClose
		void both(WsSession session) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadEndpointConfiguration {

		@Bean
		BadEndpoint handler() {
			return new BadEndpoint();
		}

	}

	@WsEndpoint("chat")
	static class BadEndpoint {

		@WsOnMessage
		void said(String text) {
		}

	}

}
