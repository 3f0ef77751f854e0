package io.github.wsstarter.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * The WebSocket client under a {@link WsTestConnection}: RFC 6455 over a plain (or TLS) socket, with a reader
 * thread per connection that puts complete messages in the {@link MessageLog}, answers pings, and stops reading the
 * socket altogether while the test says so. Written for tests: the JDK's {@code java.net.http.WebSocket} cannot stop
 * reading without, at times, never reporting a connection that the server then ends in the middle of a message.
 *
 * @author ws-spring-boot-starter team
 */
final class SocketTransport {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Socket socket;

	private final OutputStream out;

	private final DataInputStream in;

	private final MessageLog log;

	private final String subprotocol;

	/** Guards {@link #reading}; the reader waits on it while stopped. */
	private final Object gate = new Object();

	private boolean reading = true;

	private volatile boolean closeSent;

	private SocketTransport(Socket socket, InputStream in, MessageLog log, String subprotocol) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.in = new DataInputStream(new GatedInput(in));
		this.log = log;
		this.subprotocol = subprotocol;
	}

	/**
	 * Open a connection and start reading it.
	 * @throws Handshake.Refused if the server refuses the handshake
	 * @throws IOException if it cannot connect, or the answer is not a WebSocket handshake
	 */
	static SocketTransport connect(URI uri, Map<String, String> headers, Duration timeout, MessageLog log)
			throws IOException {
		boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
		int port = (uri.getPort() != -1) ? uri.getPort() : (secure ? 443 : 80);
		Socket socket = secure ? SSLSocketFactory.getDefault().createSocket() : new Socket();
		try {
			socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
			socket.setSoTimeout((int) timeout.toMillis());
			socket.setTcpNoDelay(true);
			InputStream in = new BufferedInputStream(socket.getInputStream());
			String subprotocol = Handshake.perform(uri, port, headers, socket.getOutputStream(), in);
			socket.setSoTimeout(0);
			SocketTransport transport = new SocketTransport(socket, in, log, subprotocol);
			Thread reader = new Thread(transport::read, "ws-test-reader-" + uri.getPort());
			reader.setDaemon(true);
			reader.start();
			return transport;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	String subprotocol() {
		return this.subprotocol;
	}

	boolean isClosed() {
		return this.socket.isClosed();
	}

	boolean isCloseSent() {
		return this.closeSent;
	}

	void stopReading() {
		synchronized (this.gate) {
			this.reading = false;
		}
	}

	void resumeReading() {
		synchronized (this.gate) {
			this.reading = true;
			this.gate.notifyAll();
		}
	}

	void sendText(String text) throws IOException {
		send(FrameReader.OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
	}

	void sendBinary(byte[] bytes) throws IOException {
		send(FrameReader.OP_BINARY, bytes);
	}

	void sendClose(CloseStatus status) throws IOException {
		byte[] reason = (status.getReason() != null) ? status.getReason().getBytes(StandardCharsets.UTF_8) : new byte[0];
		byte[] payload = new byte[2 + reason.length];
		payload[0] = (byte) (status.getCode() >> 8);
		payload[1] = (byte) status.getCode();
		System.arraycopy(reason, 0, payload, 2, reason.length);
		this.closeSent = true;
		send(FrameReader.OP_CLOSE, payload);
	}

	/** Cut the connection with a TCP reset: no close frame. */
	void abort() {
		try {
			this.socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// closed already
		}
		closeSocket();
	}

	/** Close the socket; a reader stopped by the test wakes and ends, reading nothing more. */
	void closeSocket() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// nothing more to do
		}
		synchronized (this.gate) {
			this.gate.notifyAll();
		}
	}

	/** Write one masked frame, as a client must; one frame at a time. */
	private synchronized void send(int opcode, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write(0x80 | opcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) ((long) payload.length >>> shift));
			}
		}
		byte[] mask = randomBytes(4);
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i & 3]);
		}
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	/** The reader thread: frames until the close frame, the end of the stream, or an error. */
	private void read() {
		try {
			CloseStatus status = new FrameReader(this.in).readUntilClose(new FrameReader.Events() {

				@Override
				public void message(Received message) throws IOException {
					// Under the gate: once stopReading() returns, no message is added until resumeReading(), not
					// even one whose bytes an earlier read had taken in
					synchronized (SocketTransport.this.gate) {
						awaitReading();
						SocketTransport.this.log.add(message);
					}
				}

				@Override
				public void ping(byte[] payload) throws IOException {
					// Under the gate too: no pong goes out once stopReading() has returned
					synchronized (SocketTransport.this.gate) {
						awaitReading();
						send(FrameReader.OP_PONG, payload);
					}
				}

			});
			this.log.closed(status);
			answerClose(status);
		}
		catch (EOFException ex) {
			this.log.closed(CloseStatus.NO_CLOSE_FRAME.withReason("the connection ended without a close frame"));
		}
		catch (FrameReader.ProtocolException ex) {
			// What the server sent is not WebSocket: the test sees it as a close with 1002 (or 1007)
			this.log.closed(new CloseStatus(ex.code, "the server broke the protocol: " + ex.getMessage()));
		}
		catch (IOException | RuntimeException ex) {
			this.log.closed(CloseStatus.NO_CLOSE_FRAME.withReason(String.valueOf(ex.getMessage())));
		}
		finally {
			closeSocket();
		}
	}

	/** Answer the server's close frame, unless this side closed first; the socket is closed next. */
	private void answerClose(CloseStatus status) {
		if (!this.closeSent) {
			try {
				sendClose((status.getCode() == CloseStatus.NO_STATUS_CODE.getCode()) ? CloseStatus.NORMAL
						: new CloseStatus(status.getCode()));
			}
			catch (IOException | IllegalArgumentException ex) {
				// the server is gone already
			}
		}
	}

	static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	/** The socket's input, read only while the test lets the connection read. */
	private final class GatedInput extends InputStream {

		private final InputStream delegate;

		GatedInput(InputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			awaitReading();
			return this.delegate.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			awaitReading();
			return this.delegate.read(buffer, offset, Math.min(length, 8192));
		}

	}

	/**
	 * Wait while the test has stopped the reading.
	 * @throws SocketException if the socket is closed while the reading is stopped: nothing more is read
	 */
	private void awaitReading() throws IOException {
		synchronized (this.gate) {
			while (!this.reading) {
				if (this.socket.isClosed()) {
					throw new SocketException("the connection was closed while the test had stopped reading it");
				}
				try {
					this.gate.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("interrupted");
				}
			}
		}
	}

}
