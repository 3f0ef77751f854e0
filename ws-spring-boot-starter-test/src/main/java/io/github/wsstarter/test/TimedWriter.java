package io.github.wsstarter.test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.web.socket.CloseStatus;

/**
 * How a {@link WsTestConnection} writes: one frame at a time, each within the connection's timeout (a server that
 * does not read would otherwise block the test for ever), and the close handshake. A write that times out cuts the
 * connection, which is of no more use. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
final class TimedWriter {

	/** Writes that may block on a server that does not read, so that the test waits a bounded time. */
	private static final ExecutorService WRITERS = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "ws-test-writer");
		thread.setDaemon(true);
		return thread;
	});

	private final URI uri;

	private final Duration timeout;

	private final MessageLog log;

	private final Object sending = new Object();

	TimedWriter(URI uri, Duration timeout, MessageLog log) {
		this.uri = uri;
		this.timeout = timeout;
		this.log = log;
	}

	/** Send a message, unless the connection is closed. */
	void send(SocketTransport socket, Received frame) {
		synchronized (this.sending) {
			if (socket.isClosed() || socket.isCloseSent()) {
				throw new AssertionError("Could not send " + frame.describe() + " to " + this.uri
						+ ": the connection is closed; " + this.log.history());
			}
			write(socket, () -> {
				if (frame.isText()) {
					socket.sendText(frame.text());
				}
				else {
					socket.sendBinary(frame.bytes());
				}
			}, "send " + frame.describe());
		}
	}

	/** Send a close frame and wait for the server's answer, at most the timeout; then end the socket. */
	void close(SocketTransport socket, CloseStatus status) {
		if (this.log.closeStatus() != null || socket.isCloseSent()) {
			socket.closeSocket();
			return;
		}
		// The server's answer must be read
		socket.resumeReading();
		try {
			synchronized (this.sending) {
				write(socket, () -> socket.sendClose(status), "close");
			}
			if (this.log.awaitClose(this.timeout) == null) {
				socket.abort();
			}
		}
		catch (AssertionError ex) {
			socket.abort();
		}
		socket.closeSocket();
	}

	/** A write to the socket, which may block. */
	private interface Write {

		void run() throws IOException;

	}

	private void write(SocketTransport socket, Write write, String what) {
		Future<?> written = WRITERS.submit(() -> {
			write.run();
			return null;
		});
		try {
			written.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("Could not " + what + " to " + this.uri + ": " + ex.getCause() + "; "
					+ this.log.history(), ex.getCause());
		}
		catch (TimeoutException ex) {
			this.log.closed(CloseStatus.NO_CLOSE_FRAME.withReason("a write took longer than " + this.timeout));
			socket.abort();
			throw new AssertionError("Could not " + what + " to " + this.uri + " within " + this.timeout
					+ " (the server does not read?); " + this.log.history());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted", ex);
		}
	}

}
