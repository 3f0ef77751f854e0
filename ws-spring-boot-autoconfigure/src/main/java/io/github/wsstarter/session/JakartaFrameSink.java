package io.github.wsstarter.session;

import java.io.IOException;
import java.nio.ByteBuffer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * Writes one message at a time through the Jakarta WebSocket API's asynchronous sends. The API has no asynchronous
 * ping, so pings are written blocking on an I/O thread (at most the heartbeat timeout), never on the caller's, unless
 * the container can take them as non-blocking control frames (Tomcat, with per-message compression: control frames
 * are never compressed).
 * Closing, and what the container's state says, is left to a {@link Control} of the container's.
 *
 * @author ws-spring-boot-starter team
 */
final class JakartaFrameSink implements FrameSink, SendHandler {

	private final Session session;

	private final RemoteEndpoint.Async async;

	private final Control control;

	private final WsIoExecutors executors;

	/** Where pings go instead, non-blocking, when the container allows it; else written blocking here. */
	private final @Nullable FrameSink pings;

	/** The completion of the send in progress. Writer role only. */
	private @Nullable Completion completion;

	JakartaFrameSink(Session session, Control control, WsIoExecutors executors) {
		this(session, control, executors, null);
	}

	JakartaFrameSink(Session session, Control control, WsIoExecutors executors, @Nullable FrameSink pings) {
		this.pings = pings;
		this.session = session;
		this.async = session.getAsyncRemote();
		this.control = control;
		this.executors = executors;
	}

	@Override
	public int maxBatchFrames() {
		return 1;
	}

	@Override
	public boolean write(Frame[] frames, int count, Completion completion) {
		this.completion = completion;
		Frame frame = frames[0];
		try {
			if (frame.isText()) {
				this.async.sendText(frame.text(), this);
			}
			else {
				this.async.sendBinary(frame.binary(), this);
			}
		}
		catch (RuntimeException ex) {
			completion.failed(ex);
		}
		return true;
	}

	@Override
	public void onResult(SendResult result) {
		Completion completion = this.completion;
		if (completion == null) {
			return;
		}
		if (result.isOK()) {
			completion.completed();
		}
		else {
			completion.failed(result.getException());
		}
	}

	@Override
	public boolean ping(ByteBuffer payload, Completion completion) {
		if (this.pings != null) {
			return this.pings.ping(payload, completion);
		}
		this.executors.io(() -> {
			try {
				this.session.getBasicRemote().sendPing(payload);
			}
			catch (IOException | RuntimeException ex) {
				completion.failed(ex);
				return;
			}
			// Go on writing on a flush thread, not on this I/O thread
			this.executors.flush(completion::completed);
		});
		return true;
	}

	@Override
	public void close(CloseStatus status, boolean closeSocket) {
		this.control.close(this.session, status, closeSocket);
	}

	@Override
	public boolean isOutputClosed() {
		return this.control.isOutputClosed(this.session);
	}

	@Override
	public boolean isSocketClosed() {
		return this.control.isSocketClosed(this.session);
	}

	@Override
	public boolean isDirect() {
		return false;
	}

	/** What a container can say and do about a session beyond the Jakarta API. */
	interface Control {

		/** How soon a connection closed with {@code closeSocket} is given up on by the container's idle timeout. */
		long CLOSE_SOCKET_IDLE_MILLIS = 1000;

		/** The Jakarta API only: close, and the session's open state for everything else. */
		Control JAKARTA = new Control() {
		};

		/**
		 * Close with the Jakarta API. The API cannot end the socket at once: for {@code closeSocket}, the session's idle
		 * timeout is cut to a second first, so that a container that would wait for the close frame to get past a
		 * stalled client (Jetty) gives up on the connection soon instead.
		 */
		default void close(Session session, CloseStatus status, boolean closeSocket) {
			try {
				if (closeSocket) {
					session.setMaxIdleTimeout(CLOSE_SOCKET_IDLE_MILLIS);
				}
				session.close(reason(status));
			}
			catch (IOException | RuntimeException ex) {
				LogHolder.logger.debug("Could not close WebSocket session '" + session.getId() + "': " + ex);
			}
		}

		default boolean isOutputClosed(Session session) {
			return !session.isOpen();
		}

		default boolean isSocketClosed(Session session) {
			return !session.isOpen();
		}

		static CloseReason reason(CloseStatus status) {
			String reason = status.getReason();
			return new CloseReason(CloseReason.CloseCodes.getCloseCode(status.getCode()),
					(reason != null) ? reason : "");
		}

	}

	private static final class LogHolder {

		private static final Log logger = LogFactory.getLog(JakartaFrameSink.class);

	}

}
