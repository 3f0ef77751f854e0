package io.github.wsstarter.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wsstarter.autoconfigure.WsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.task.TaskDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the callbacks that the server starts run: the starter's {@code ws-callback-*} threads with the application's
 * {@link TaskDecorator}, or the application's own executor named {@code wsCallbackExecutor}.
 */
class CallbackExecutorTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WsAutoConfiguration.class));

	@Test
	void callbacksRunOnTheStartersThreadsDecoratedByTheApplicationsTaskDecorator() {
		AtomicInteger decorated = new AtomicInteger();
		TaskDecorator decorator = (task) -> () -> {
			decorated.incrementAndGet();
			task.run();
		};
		this.contextRunner.withBean(TaskDecorator.class, () -> decorator).run((context) -> {
			assertThat(threadOfACallback(context.getBean(WsIoExecutors.class))).startsWith("ws-callback-");
			assertThat(decorated).hasValue(1);
		});
	}

	@Test
	void anExecutorBeanNamedWsCallbackExecutorRunsThem() {
		Executor executor = Executors.newSingleThreadExecutor((task) -> new Thread(task, "app-callbacks"));
		this.contextRunner.withBean(WsAutoConfiguration.CALLBACK_EXECUTOR_BEAN_NAME, Executor.class, () -> executor)
			.run((context) -> assertThat(threadOfACallback(context.getBean(WsIoExecutors.class)))
				.isEqualTo("app-callbacks"));
	}

	private static String threadOfACallback(WsIoExecutors executors) throws Exception {
		CompletableFuture<String> thread = new CompletableFuture<>();
		executors.callback(() -> thread.complete(Thread.currentThread().getName()));
		return thread.get(5, TimeUnit.SECONDS);
	}

}
