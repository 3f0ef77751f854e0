package io.github.wsstarter.test;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

import org.springframework.web.socket.CloseStatus;

/**
 * The JDK listener of a {@link WsTestConnection}: assembles each message from its parts into the {@link MessageLog},
 * and asks the JDK for the next frame only while reading, so that a stopped connection reads nothing more from its
 * socket (its TCP buffers fill; pings go unanswered). The JDK calls it one frame at a time.
 *
 * @author ws-spring-boot-starter team
 */
final class ReadingListener implements WebSocket.Listener {

	private final MessageLog log;

	private final StringBuilder text = new StringBuilder();

	private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

	/** Guards {@link #reading} and {@link #withheld}. */
	private final Object gate = new Object();

	private boolean reading = true;

	/** Whether a request for the next frame was held back while not reading. */
	private boolean withheld;

	ReadingListener(MessageLog log) {
		this.log = log;
	}

	void stop() {
		synchronized (this.gate) {
			this.reading = false;
		}
	}

	void resume(WebSocket webSocket) {
		boolean request;
		synchronized (this.gate) {
			this.reading = true;
			request = this.withheld;
			this.withheld = false;
		}
		if (request) {
			webSocket.request(1);
		}
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(1);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.text.append(data);
		if (last) {
			this.log.add(Received.text(this.text.toString()));
			this.text.setLength(0);
		}
		requestNext(webSocket);
		return null;
	}

	@Override
	public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		this.binary.writeBytes(bytes);
		if (last) {
			this.log.add(Received.binary(this.binary.toByteArray()));
			this.binary.reset();
		}
		requestNext(webSocket);
		return null;
	}

	@Override
	public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
		// The JDK answers with a pong by itself
		requestNext(webSocket);
		return null;
	}

	@Override
	public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
		requestNext(webSocket);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.log.closed(new CloseStatus(statusCode, reason));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.log.closed(CloseStatus.NO_CLOSE_FRAME.withReason(String.valueOf(error.getMessage())));
	}

	private void requestNext(WebSocket webSocket) {
		synchronized (this.gate) {
			if (!this.reading) {
				this.withheld = true;
				return;
			}
		}
		webSocket.request(1);
	}

}
