package io.github.wsstarter.session;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.util.net.SocketWrapperBase.BlockingMode;
import org.apache.tomcat.util.net.SocketWrapperBase.CompletionState;
import org.apache.tomcat.websocket.WsFrameBase;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * Writes ready-made frames straight to a Tomcat connection: data, several frames in one gathering write with a
 * broadcast's bytes shared, and pings, as control frames, the same non-blocking way. Everything this starter knows of
 * Tomcat's internals is in this class.
 * <p>
 * It coordinates with the frames Tomcat writes itself (pongs, close frames) as Tomcat's own sends do: it holds Tomcat's
 * "message part in progress" semaphore for the length of each write, and writes nothing once Tomcat's session has
 * left the open state (a close frame is being sent, or was), so that Tomcat's reply to a client's close goes next
 * rather than behind a stream of data. Used only for a Tomcat server session with asynchronous I/O and no extension
 * negotiated (per-message compression); see {@link #create}.
 *
 * @author ws-spring-boot-starter team
 */
final class TomcatDirectSink implements FrameSink, CompletionHandler<Long, FrameSink.Completion> {

	private static final Log logger = LogFactory.getLog(TomcatDirectSink.class);

	private static final byte FIN = (byte) 0x80;

	private static final byte OPCODE_TEXT = 0x1;

	private static final byte OPCODE_BINARY = 0x2;

	private static final byte OPCODE_PING = 0x9;

	/** At most this many frames in one write. */
	private static final int MAX_BATCH_FRAMES = 64;

	private static final byte[][] SHORT_TEXT_HEADERS = shortHeaders(OPCODE_TEXT);

	private static final byte[][] SHORT_BINARY_HEADERS = shortHeaders(OPCODE_BINARY);

	private static final @Nullable Fields FIELDS = Fields.find();

	/** Ordinals of Tomcat's {@code WsSession.State}: OPEN, OUTPUT_CLOSING, OUTPUT_CLOSED, CLOSING, CLOSED. */
	private static final int STATE_OPEN = 0;

	private static final int STATE_CLOSING = 3;

	/** Closing, state and socket, for Tomcat sessions written through the Jakarta API too. */
	static final JakartaFrameSink.Control CONTROL = new TomcatControl();

	private final Session session;

	private final SocketWrite socket;

	private final Semaphore messagePartInProgress;

	private final BooleanSupplier closing;

	private final Runnable written;

	private final long timeoutMillis;

	/**
	 * Create a sink over the parts of a connection it uses.
	 * @param session the session, to close it and read its state
	 * @param socket the connection's gathering non-blocking write
	 * @param messagePartInProgress the semaphore Tomcat's own frames take
	 * @param closing whether Tomcat is sending, or has sent, its close frame
	 * @param written run after every completed write
	 * @param timeoutMillis how long one write may take
	 */
	TomcatDirectSink(Session session, SocketWrite socket, Semaphore messagePartInProgress, BooleanSupplier closing,
			Runnable written, long timeoutMillis) {
		this.session = session;
		this.socket = socket;
		this.messagePartInProgress = messagePartInProgress;
		this.closing = closing;
		this.written = written;
		this.timeoutMillis = timeoutMillis;
	}

	/** Whether this Tomcat has the internals that direct writes need. */
	static boolean isSupported() {
		return FIELDS != null;
	}

	/**
	 * Return the sink of a Tomcat session: direct writes where they can be used; else the Jakarta API, with pings
	 * still written direct where the connection allows (a compressed session).
	 * @param direct whether direct writes are wanted ({@code ws.direct-writes})
	 */
	static FrameSink create(Session session, boolean direct, WsSessionSettings settings, WsIoExecutors executors) {
		TomcatDirectSink sink = direct ? of(session, settings) : null;
		if (sink != null && session.getNegotiatedExtensions().isEmpty()) {
			return sink;
		}
		// Compressed (or direct writes off): data through the Jakarta API; pings, never compressed, still direct
		return new JakartaFrameSink(session, CONTROL, executors, sink);
	}

	private static @Nullable TomcatDirectSink of(Session session, WsSessionSettings settings) {
		Fields fields = FIELDS;
		if (fields == null || !(session instanceof WsSession tomcatSession)) {
			return null;
		}
		try {
			if (fields.remoteEndpoint.get(session) instanceof WsRemoteEndpointImplServer endpoint
					&& fields.socketWrapper.get(endpoint) instanceof SocketWrapperBase<?> socket
					&& fields.messagePartInProgress.get(endpoint) instanceof Semaphore semaphore
					&& socket.hasAsyncIO()) {
				SocketWrite write = (buffers, timeout, completion, handler) -> socket.write(buffers, 0, buffers.length,
						BlockingMode.NON_BLOCK, timeout, TimeUnit.MILLISECONDS, completion,
						SocketWrapperBase.COMPLETE_WRITE_WITH_COMPLETION, handler);
				return new TomcatDirectSink(tomcatSession, write, semaphore,
						() -> isClosing(fields, tomcatSession, endpoint),
						() -> updateLastActiveWrite(fields, tomcatSession), settings.sendTimeLimit().toMillis());
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Writing WebSocket session '" + session.getId() + "' through the Jakarta API", ex);
		}
		return null;
	}

	/**
	 * Bound the message buffers of one session: Tomcat allocates them at the container's default size (8K characters
	 * and 8 KB) before the session opens, and sizes them to the session's own maximum at its next message; the ones
	 * allocated already are replaced here, before anything is read. Other sessions of the container are untouched.
	 */
	static void limitMessageBuffers(Session session, int text, int binary) {
		session.setMaxTextMessageBufferSize(text);
		session.setMaxBinaryMessageBufferSize(binary);
		Fields fields = FIELDS;
		if (fields == null || fields.frame == null || !(session instanceof WsSession)) {
			return;
		}
		try {
			if (fields.frame.get(session) instanceof WsFrameBase frame) {
				fields.messageBufferText.set(frame, CharBuffer.allocate(text));
				fields.messageBufferBinary.set(frame, ByteBuffer.allocate(binary));
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not replace the message buffers of WebSocket session '" + session.getId() + "'", ex);
		}
	}

	@Override
	public int maxBatchFrames() {
		return MAX_BATCH_FRAMES;
	}

	@Override
	public boolean write(Frame[] frames, int count, Completion completion) {
		ByteBuffer[] buffers = new ByteBuffer[count * 2];
		for (int i = 0; i < count; i++) {
			Frame frame = frames[i];
			ByteBuffer payload = frame.isText() ? ByteBuffer.wrap(frame.utf8()) : frame.binary();
			buffers[2 * i] = header(frame.isText(), payload.remaining());
			buffers[2 * i + 1] = payload;
		}
		return start(buffers, completion);
	}

	@Override
	public boolean ping(ByteBuffer payload, Completion completion) {
		ByteBuffer header = ByteBuffer.wrap(new byte[] { (byte) (FIN | OPCODE_PING), (byte) payload.remaining() });
		return start(new ByteBuffer[] { header, payload }, completion);
	}

	/** Start a write, unless Tomcat is writing a frame of its own or is closing. */
	private boolean start(ByteBuffer[] buffers, Completion completion) {
		if (this.messagePartInProgress.hasQueuedThreads() || !this.messagePartInProgress.tryAcquire()) {
			return false;
		}
		if (this.closing.getAsBoolean()) {
			// Tomcat is sending a close frame, or has: no data frame may go before or after it
			this.messagePartInProgress.release();
			completion.failed(new ClosedChannelException());
			return true;
		}
		CompletionState state;
		try {
			state = this.socket.write(buffers, this.timeoutMillis, completion, this);
		}
		catch (RuntimeException ex) {
			// Thrown before the completion ran: completed() and failed() let nothing escape
			this.messagePartInProgress.release();
			completion.failed(ex);
			return true;
		}
		if (state == CompletionState.NOT_DONE) {
			// Another write holds the socket; nothing was written
			this.messagePartInProgress.release();
			return false;
		}
		return true;
	}

	@Override
	public void completed(Long bytes, Completion completion) {
		this.written.run();
		this.messagePartInProgress.release();
		try {
			completion.completed();
		}
		catch (RuntimeException ex) {
			logger.debug("Write completion failed", ex);
		}
	}

	@Override
	public void failed(Throwable ex, Completion completion) {
		this.messagePartInProgress.release();
		try {
			completion.failed(ex);
		}
		catch (RuntimeException failure) {
			logger.debug("Write failure handling failed", failure);
		}
	}

	/** Keep Tomcat's own idle timeout (if the application sets one) seeing these writes, as it sees its own. */
	private static void updateLastActiveWrite(Fields fields, WsSession session) {
		MethodHandle update = fields.updateLastActiveWrite;
		if (update != null) {
			try {
				update.invoke(session);
			}
			catch (Throwable ex) {
				logger.debug("Could not update the session's last write time", ex);
			}
		}
	}

	@Override
	public void close(CloseStatus status, boolean closeSocket) {
		CONTROL.close(this.session, status, closeSocket);
	}

	@Override
	public boolean isOutputClosed() {
		return CONTROL.isOutputClosed(this.session);
	}

	@Override
	public boolean isSocketClosed() {
		return CONTROL.isSocketClosed(this.session);
	}

	@Override
	public boolean isDirect() {
		return true;
	}

	/** Whether Tomcat's session has left the open state, or its endpoint has written a close frame. */
	private static boolean isClosing(Fields fields, WsSession session, Object endpoint) {
		if ((boolean) fields.closed.getVolatile(endpoint)) {
			return true;
		}
		return state(fields, session) != STATE_OPEN;
	}

	/** The ordinal of Tomcat's {@code WsSession.State} of the session ({@link #STATE_OPEN} if it cannot be read). */
	private static int state(Fields fields, Session session) {
		return (fields.state != null && fields.state.get(session) instanceof AtomicReference<?> state
				&& state.get() instanceof Enum<?> value) ? value.ordinal() : STATE_OPEN;
	}

	/** The header of a complete, unmasked (server to client) data frame. */
	static ByteBuffer header(boolean text, int length) {
		byte first = (byte) (FIN | (text ? OPCODE_TEXT : OPCODE_BINARY));
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
			headers[length] = new byte[] { (byte) (FIN | opcode), (byte) length };
		}
		return headers;
	}

	/** A gathering, non-blocking write of the connection (Tomcat's {@code SocketWrapperBase.write}). */
	@FunctionalInterface
	interface SocketWrite {

		/**
		 * Start writing every byte of the buffers.
		 * @return {@link CompletionState#NOT_DONE} if nothing was written because another write holds the socket;
		 * otherwise the handler is (or was) told
		 */
		CompletionState write(ByteBuffer[] buffers, long timeoutMillis, Completion completion,
				CompletionHandler<Long, Completion> handler);

	}

	/** Tomcat's public close with "close the socket now", and its session state. */
	private static final class TomcatControl implements JakartaFrameSink.Control {

		@Override
		public void close(Session session, CloseStatus status, boolean closeSocket) {
			if (!(session instanceof WsSession tomcat)) {
				JakartaFrameSink.Control.super.close(session, status, closeSocket);
				return;
			}
			try {
				var reason = JakartaFrameSink.Control.reason(status);
				tomcat.doClose(reason, reason, closeSocket);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not close WebSocket session '" + session.getId() + "': " + ex);
			}
		}

		@Override
		public boolean isOutputClosed(Session session) {
			Fields fields = FIELDS;
			if (fields == null || !(session instanceof WsSession tomcat)) {
				return !session.isOpen();
			}
			try {
				return !session.isOpen() || (fields.remoteEndpoint.get(session) instanceof WsRemoteEndpointImplBase
						endpoint && isClosing(fields, tomcat, endpoint));
			}
			catch (RuntimeException ex) {
				return !session.isOpen();
			}
		}

		/**
		 * Closed, or closing because the client's close frame came: Tomcat then ends the connection as soon as the
		 * close callbacks return. Not while it waits for the answer to a close frame of its own.
		 */
		@Override
		public boolean isSocketClosed(Session session) {
			if (!(session instanceof WsSession tomcat) || tomcat.isClosed()) {
				return true;
			}
			Fields fields = FIELDS;
			try {
				return fields != null && state(fields, session) >= STATE_CLOSING;
			}
			catch (RuntimeException ex) {
				return true;
			}
		}

	}

	/** The private members of Tomcat that this class needs, or {@code null} if this Tomcat does not have them. */
	private record Fields(VarHandle remoteEndpoint, VarHandle socketWrapper, VarHandle messagePartInProgress,
			VarHandle closed, @Nullable VarHandle state, @Nullable VarHandle frame, VarHandle messageBufferText,
			VarHandle messageBufferBinary, @Nullable MethodHandle updateLastActiveWrite) {

		static @Nullable Fields find() {
			try {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				MethodHandles.Lookup session = MethodHandles.privateLookupIn(WsSession.class, lookup);
				MethodHandles.Lookup base = MethodHandles.privateLookupIn(WsRemoteEndpointImplBase.class, lookup);
				MethodHandles.Lookup server = MethodHandles.privateLookupIn(WsRemoteEndpointImplServer.class, lookup);
				MethodHandles.Lookup frame = MethodHandles.privateLookupIn(WsFrameBase.class, lookup);
				return new Fields(
						session.findVarHandle(WsSession.class, "wsRemoteEndpoint", WsRemoteEndpointImplBase.class),
						server.findVarHandle(WsRemoteEndpointImplServer.class, "socketWrapper",
								SocketWrapperBase.class),
						base.findVarHandle(WsRemoteEndpointImplBase.class, "messagePartInProgress", Semaphore.class),
						base.findVarHandle(WsRemoteEndpointImplBase.class, "closed", boolean.class),
						session.findVarHandle(WsSession.class, "state", AtomicReference.class),
						session.findVarHandle(WsSession.class, "wsFrame", WsFrameBase.class),
						frame.findVarHandle(WsFrameBase.class, "messageBufferText", CharBuffer.class),
						frame.findVarHandle(WsFrameBase.class, "messageBufferBinary", ByteBuffer.class),
						findUpdateLastActiveWrite(session));
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				logger.debug("Tomcat's WebSocket internals are not as expected", ex);
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
