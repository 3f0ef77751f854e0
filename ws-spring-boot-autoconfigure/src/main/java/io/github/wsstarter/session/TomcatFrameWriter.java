package io.github.wsstarter.session;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.util.net.SocketWrapperBase.BlockingMode;
import org.apache.tomcat.util.net.SocketWrapperBase.CompletionState;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;
import org.jspecify.annotations.Nullable;

/**
 * Writes ready-made WebSocket frames straight to a Tomcat connection, any number of them in one gathering write, and
 * without Tomcat's per-message work: no UTF-8 encoding per session (a broadcast's bytes are shared), and no hand-off
 * of every completion to another thread (a write that completes at once completes in the calling thread).
 * <p>
 * This reaches below Tomcat's public API, so it is used only where that is safe and the fields it needs are found:
 * a Tomcat server session with asynchronous IO and no extension negotiated (no per-message compression); anywhere
 * else {@link #of(Session)} returns {@code null} and the session is written through the Jakarta API. It coordinates
 * with the frames Tomcat writes by itself (pongs, close frames, pings) the way Tomcat's own asynchronous sends do: it
 * holds Tomcat's "message part in progress" semaphore for the length of each write, so that those frames wait for it,
 * and it writes nothing once Tomcat has sent a close frame.
 * <p>
 * One writer at a time per connection: the caller ({@link WsOutbound}) holds its writer role.
 *
 * @author ws-spring-boot-starter team
 */
final class TomcatFrameWriter implements CompletionHandler<Long, CompletionHandler<Long, Void>> {

	private static final Log logger = LogFactory.getLog(TomcatFrameWriter.class);

	private static final byte OPCODE_TEXT = 0x1;

	private static final byte OPCODE_BINARY = 0x2;

	/** Frame headers of the short text and binary frames (payload under 126 bytes), which are the same every time. */
	private static final byte[][] SHORT_TEXT_HEADERS = shortHeaders(OPCODE_TEXT);

	private static final byte[][] SHORT_BINARY_HEADERS = shortHeaders(OPCODE_BINARY);

	private static final @Nullable Fields FIELDS = Fields.find();

	private final SocketWrapperBase<?> socket;

	private final Semaphore messagePartInProgress;

	private final WsRemoteEndpointImplBase endpoint;

	private final WsSession session;

	private TomcatFrameWriter(SocketWrapperBase<?> socket, Semaphore messagePartInProgress,
			WsRemoteEndpointImplBase endpoint, WsSession session) {
		this.socket = socket;
		this.messagePartInProgress = messagePartInProgress;
		this.endpoint = endpoint;
		this.session = session;
	}

	/**
	 * Return a writer for the connection of the given session, or {@code null} if it must be written through the
	 * Jakarta API.
	 */
	static @Nullable TomcatFrameWriter of(Session session) {
		Fields fields = FIELDS;
		if (fields == null || !(session instanceof WsSession tomcatSession)
				|| !session.getNegotiatedExtensions().isEmpty()) {
			return null;
		}
		try {
			if (!(fields.remoteEndpoint.get(session) instanceof WsRemoteEndpointImplServer endpoint)) {
				return null;
			}
			SocketWrapperBase<?> socket = (SocketWrapperBase<?>) fields.socketWrapper.get(endpoint);
			Semaphore semaphore = (Semaphore) fields.messagePartInProgress.get(endpoint);
			if (socket == null || semaphore == null || !socket.hasAsyncIO()) {
				return null;
			}
			return new TomcatFrameWriter(socket, semaphore, endpoint, tomcatSession);
		}
		catch (RuntimeException ex) {
			logger.debug("Writing WebSocket session '" + session.getId() + "' through the Jakarta API", ex);
			return null;
		}
	}

	/**
	 * Start writing the given buffers, unless Tomcat is writing a frame of its own.
	 * @param buffers the frames, each a header followed by its payload (see {@link #header})
	 * @param length how many of the buffers to write, from the first
	 * @param timeoutMillis how long the write may take in all
	 * @param handler called exactly once when this returns {@code true}: when every byte is written (possibly within
	 * this call) or the write failed; a {@link ClosedChannelException} if Tomcat has closed the connection's output
	 * (sent a close frame) before this write, in which case Tomcat also reports the close
	 * @return {@code false} if nothing was started because the connection is busy with a frame of Tomcat's, or one is
	 * waiting to be written (which must not wait for the writes that follow this one)
	 */
	boolean tryWrite(ByteBuffer[] buffers, int length, long timeoutMillis, CompletionHandler<Long, Void> handler) {
		if (this.messagePartInProgress.hasQueuedThreads() || !this.messagePartInProgress.tryAcquire()) {
			return false;
		}
		return start(buffers, length, timeoutMillis, handler);
	}

	private boolean start(ByteBuffer[] buffers, int length, long timeoutMillis, CompletionHandler<Long, Void> handler) {
		if (isClosed()) {
			// Tomcat has written a close frame: no data frame may follow it
			this.messagePartInProgress.release();
			handler.failed(new ClosedChannelException(), null);
			return true;
		}
		CompletionState state;
		try {
			state = this.socket.write(buffers, 0, length, BlockingMode.NON_BLOCK, timeoutMillis, TimeUnit.MILLISECONDS,
					handler, SocketWrapperBase.COMPLETE_WRITE_WITH_COMPLETION, this);
		}
		catch (RuntimeException ex) {
			// Thrown before the completion ran: completed() and failed() let nothing escape
			this.messagePartInProgress.release();
			handler.failed(ex, null);
			return true;
		}
		if (state == CompletionState.NOT_DONE) {
			// Another write holds the socket (not one of Tomcat's frames: those hold the semaphore first)
			this.messagePartInProgress.release();
			return false;
		}
		return true;
	}

	private boolean isClosed() {
		return isClosed(FIELDS, this.endpoint);
	}

	/** Whether Tomcat has written the close frame of this endpoint. */
	private static boolean isClosed(Fields fields, Object endpoint) {
		return (boolean) fields.closed.getVolatile(endpoint);
	}

	/**
	 * Return whether Tomcat has sent the close frame of the given session (and so refuses anything more, and reports
	 * the close itself), whichever way its frames are written.
	 * @return {@code true} if so; {@code false} if not, or if this is not a Tomcat session whose state can be read
	 */
	static boolean isOutputClosed(Session session) {
		Fields fields = FIELDS;
		if (fields == null || !(session instanceof WsSession)) {
			return false;
		}
		try {
			return fields.remoteEndpoint.get(session) instanceof WsRemoteEndpointImplBase endpoint
					&& isClosed(fields, endpoint);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@Override
	public void completed(Long written, CompletionHandler<Long, Void> handler) {
		updateLastActiveWrite();
		this.messagePartInProgress.release();
		try {
			handler.completed(written, null);
		}
		catch (RuntimeException ex) {
			logger.debug("Write completion failed", ex);
		}
	}

	@Override
	public void failed(Throwable ex, CompletionHandler<Long, Void> handler) {
		this.messagePartInProgress.release();
		try {
			handler.failed(ex, null);
		}
		catch (RuntimeException failure) {
			logger.debug("Write failure handling failed", failure);
		}
	}

	/** Keep Tomcat's own idle timeout (if the application sets one) seeing these writes, as it sees its own. */
	private void updateLastActiveWrite() {
		MethodHandle update = FIELDS.updateLastActiveWrite;
		if (update != null) {
			try {
				update.invoke(this.session);
			}
			catch (Throwable ex) {
				logger.debug("Could not update the session's last write time", ex);
			}
		}
	}

	/**
	 * Return the header of a complete, unmasked (server to client) frame.
	 * @param text a text frame rather than a binary one
	 * @param length the payload length in bytes
	 */
	static ByteBuffer header(boolean text, int length) {
		byte first = (byte) (0x80 | (text ? OPCODE_TEXT : OPCODE_BINARY));
		if (length < 126) {
			return ByteBuffer.wrap((text ? SHORT_TEXT_HEADERS : SHORT_BINARY_HEADERS)[length]);
		}
		if (length < 65536) {
			return ByteBuffer.wrap(new byte[] { first, 126, (byte) (length >>> 8), (byte) length });
		}
		ByteBuffer header = ByteBuffer.allocate(10);
		header.put(first).put((byte) 127).putLong(length).flip();
		return header;
	}

	private static byte[][] shortHeaders(byte opcode) {
		byte[][] headers = new byte[126][];
		for (int length = 0; length < headers.length; length++) {
			headers[length] = new byte[] { (byte) (0x80 | opcode), (byte) length };
		}
		return headers;
	}

	/** The private fields of Tomcat that this writer needs, or {@code null} if this Tomcat does not have them. */
	private record Fields(VarHandle remoteEndpoint, VarHandle socketWrapper, VarHandle messagePartInProgress,
			VarHandle closed, @Nullable MethodHandle updateLastActiveWrite) {

		static @Nullable Fields find() {
			try {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				MethodHandles.Lookup session = MethodHandles.privateLookupIn(WsSession.class, lookup);
				MethodHandles.Lookup base = MethodHandles.privateLookupIn(WsRemoteEndpointImplBase.class, lookup);
				MethodHandles.Lookup server = MethodHandles.privateLookupIn(WsRemoteEndpointImplServer.class, lookup);
				return new Fields(
						session.findVarHandle(WsSession.class, "wsRemoteEndpoint", WsRemoteEndpointImplBase.class),
						server.findVarHandle(WsRemoteEndpointImplServer.class, "socketWrapper",
								SocketWrapperBase.class),
						base.findVarHandle(WsRemoteEndpointImplBase.class, "messagePartInProgress", Semaphore.class),
						base.findVarHandle(WsRemoteEndpointImplBase.class, "closed", boolean.class),
						findUpdateLastActiveWrite(session));
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				logger.debug("Tomcat's WebSocket internals are not as expected; writing through the Jakarta API", ex);
				return null;
			}
		}

		private static @Nullable MethodHandle findUpdateLastActiveWrite(MethodHandles.Lookup session) {
			try {
				return session.findVirtual(WsSession.class, "updateLastActiveWrite", MethodType.methodType(void.class));
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return null;
			}
		}

	}

}
