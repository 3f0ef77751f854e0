package io.github.wsstarter.sample.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample chat on a real server: messages reach everybody, and a late joiner gets the history first.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChatApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void messagesAreBroadcastAndReplayedToLateJoiners() throws Exception {
		Client ann = new Client(this.port);
		Client bob = new Client(this.port);
		ann.socket.sendText("hello from ann", true).get(10, TimeUnit.SECONDS);
		assertThat(ann.next()).isEqualTo("hello from ann");
		assertThat(bob.next()).isEqualTo("hello from ann");
		Client late = new Client(this.port);
		assertThat(late.next()).isEqualTo("hello from ann");
		for (Client client : new Client[] { ann, bob, late }) {
			client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
		}
	}

	static final class Client implements WebSocket.Listener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		final WebSocket socket;

		Client(int port) throws Exception {
			this.socket = HttpClient.newHttpClient()
				.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), this)
				.get(10, TimeUnit.SECONDS);
		}

		String next() throws InterruptedException {
			return this.received.poll(10, TimeUnit.SECONDS);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.received.add(data.toString());
			webSocket.request(1);
			return null;
		}

	}

}
