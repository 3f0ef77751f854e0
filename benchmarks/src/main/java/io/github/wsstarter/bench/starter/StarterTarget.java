package io.github.wsstarter.bench.starter;

import io.github.wsstarter.WsBroadcaster;
import io.github.wsstarter.WsCluster;
import io.github.wsstarter.WsEndpoint;
import io.github.wsstarter.WsOnInit;
import io.github.wsstarter.WsOnMessage;
import io.github.wsstarter.WsSession;
import io.github.wsstarter.bench.common.HeapEndpoint;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark target written with the starter, at its defaults: {@code /echo} answers each text message with itself,
 * {@code /broadcast} sends each message to every other session. As the {@code starter-cluster} target, two of it run
 * with {@code ws.cluster.enabled=true} against one Redis.
 */
@SpringBootApplication
@Import(HeapEndpoint.class)
public class StarterTarget {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StarterTarget.class);
		application.setDefaultProperties(java.util.Map.of("ws.path", "/echo", "ws.allowed-origins", "*",
				"spring.main.banner-mode", "off", "logging.level.root", "warn"));
		application.run(args);
	}

	/** For the cluster target: how many live instances this one sees, and whether delivery through Redis works. */
	@RestController
	static class ClusterState {

		private final WsCluster cluster;

		ClusterState(WsCluster cluster) {
			this.cluster = cluster;
		}

		@GetMapping("/cluster")
		String cluster() {
			return this.cluster.instances().size() + (this.cluster.isDelivering() ? " delivering" : " not delivering");
		}

	}

	@Component
	static class Echo {

		@WsOnMessage
		String echo(String text) {
			return text;
		}

	}

	@Component
	@WsEndpoint("/broadcast")
	static class Broadcast {

		private final WsBroadcaster broadcaster;

		Broadcast(WsBroadcaster broadcaster) {
			this.broadcaster = broadcaster;
		}

		/** Tells the client that broadcasts reach it from now on. */
		@WsOnInit
		String opened() {
			return "ready";
		}

		@WsOnMessage
		void publish(WsSession publisher, String text) {
			this.broadcaster.sendAllExcept(publisher, text);
		}

	}

}
