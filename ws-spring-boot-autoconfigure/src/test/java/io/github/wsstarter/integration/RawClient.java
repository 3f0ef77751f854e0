package io.github.wsstarter.integration;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client written against the socket, for what a well-behaved client cannot do: connect from another
 * loopback address, stop reading, never answer pings, send invalid UTF-8, or vanish without a close frame.
 */
final class RawClient implements AutoCloseable {

	/** What {@link #awaitCloseOrEnd(Duration)} returns when the connection ended without a close frame. */
	static final int ENDED = -1;

	/** The most frames the waiting methods read. */
	private static final int MAX_FRAMES = 1_000_000;

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private final int status;

	private RawClient(Socket socket, int status) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
		this.status = status;
	}

	/**
	 * Open a TCP connection from the given local address and send an upgrade request.
	 * @param receiveBuffer the socket's receive buffer size, small for a client that stalls, or 0 for the default
	 */
	static RawClient connect(int port, String path, String localAddress, int receiveBuffer) throws IOException {
		Socket socket = new Socket();
		if (receiveBuffer > 0) {
			socket.setReceiveBufferSize(receiveBuffer);
		}
		socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
		socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
		socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TestClient.TIMEOUT.toMillis());
		byte[] key = new byte[16];
		ThreadLocalRandom.current().nextBytes(key);
		String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
				+ "\r\nSec-WebSocket-Version: 13\r\n\r\n";
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		String statusLine = readHeaders(socket.getInputStream());
		return new RawClient(socket, Integer.parseInt(statusLine.split(" ")[1]));
	}

	static RawClient connect(int port, String path) throws IOException {
		return connect(port, path, "127.0.0.1", 0);
	}

	/** Read the response headers, byte by byte so that no frame byte is consumed; return the status line. */
	private static String readHeaders(InputStream in) throws IOException {
		ByteArrayOutputStream headers = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("Connection closed during the handshake: " + headers);
			}
			headers.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return headers.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
	}

	int status() {
		return this.status;
	}

	/** Send one frame, masked as a client must. */
	RawClient sendFrame(int opcode, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x80 | opcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else {
			frame.write(0x80 | 126);
			frame.write(payload.length >> 8);
			frame.write(payload.length & 0xff);
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		this.out.write(frame.toByteArray());
		this.out.flush();
		return this;
	}

	RawClient sendText(String text) throws IOException {
		return sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
	}

	/** A frame from the server: its opcode and payload. */
	record Frame(int opcode, byte[] payload) {

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

		int closeCode() {
			return ((this.payload[0] & 0xff) << 8) | (this.payload[1] & 0xff);
		}

	}

	/** Read the next frame (unfragmented frames only, as the server sends them). */
	Frame readFrame() throws IOException {
		int first = this.in.readUnsignedByte();
		int second = this.in.readUnsignedByte();
		long length = second & 0x7f;
		if (length == 126) {
			length = this.in.readUnsignedShort();
		}
		else if (length == 127) {
			length = this.in.readLong();
		}
		byte[] payload = new byte[(int) length];
		this.in.readFully(payload);
		return new Frame(first & 0x0f, payload);
	}

	/** Read frames until a close frame, answering nothing; return its code. */
	int readUntilClose() throws IOException {
		while (true) {
			Frame frame = readFrame();
			if (frame.opcode() == 0x8) {
				return frame.closeCode();
			}
		}
	}

	/** Send a close frame with the given code (and no reason), masked as a client must. */
	RawClient sendClose(int code) throws IOException {
		return sendFrame(0x8, new byte[] { (byte) (code >> 8), (byte) code });
	}

	/**
	 * Read frames, discarding data frames and pings (answering nothing), until a close frame arrives or the connection
	 * ends (end of stream or a reset); fail if neither happens within the given time.
	 * @return the close frame's code (1005 if it carries none), or {@link #ENDED} if the connection ended first
	 */
	int awaitCloseOrEnd(Duration within) throws IOException {
		long deadline = System.nanoTime() + within.toNanos();
		try {
			for (int i = 0; i < MAX_FRAMES; i++) {
				Frame frame = readFrameBefore(deadline, within);
				if (frame == null) {
					return ENDED;
				}
				if (frame.opcode() == 0x8) {
					return (frame.payload().length >= 2) ? frame.closeCode() : 1005;
				}
			}
			throw new AssertionError("Neither a close frame nor the end of the connection in " + MAX_FRAMES + " frames");
		}
		finally {
			restoreTimeout();
		}
	}

	/**
	 * Read and discard everything, close frames included, answering nothing, until the connection ends (end of stream
	 * or a reset); fail if it does not end within the given time.
	 */
	void awaitEnd(Duration within) throws IOException {
		long deadline = System.nanoTime() + within.toNanos();
		try {
			for (int i = 0; i < MAX_FRAMES; i++) {
				if (readFrameBefore(deadline, within) == null) {
					return;
				}
			}
			throw new AssertionError("The connection did not end in " + MAX_FRAMES + " frames");
		}
		finally {
			restoreTimeout();
		}
	}

	/** Read the next frame, waiting at most until the deadline; {@code null} if the connection ended. */
	private Frame readFrameBefore(long deadline, Duration within) throws IOException {
		long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
		if (left <= 0) {
			throw new AssertionError("The connection neither closed nor ended within " + within);
		}
		this.socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
		try {
			return readFrame();
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("The connection neither closed nor ended within " + within, ex);
		}
		catch (EOFException | SocketException ex) {
			// End of stream, or reset by the server
			return null;
		}
	}

	private void restoreTimeout() throws IOException {
		if (!this.socket.isClosed()) {
			this.socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
		}
	}

	/** Drop the connection without a close frame. */
	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
