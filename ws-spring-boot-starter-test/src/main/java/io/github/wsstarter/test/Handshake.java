package io.github.wsstarter.test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The opening handshake of a {@link SocketTransport} (RFC 6455 section 4.1): the upgrade request with the test's
 * headers, and the check of the server's answer.
 *
 * @author ws-spring-boot-starter team
 */
final class Handshake {

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private Handshake() {
	}

	/** Thrown when the server answers the handshake with something other than 101. */
	static final class Refused extends IOException {

		final int status;

		Refused(int status, String line) {
			super("the server answered " + line);
			this.status = status;
		}

	}

	/**
	 * Ask for the upgrade and read the answer, leaving {@code in} at the first frame.
	 * @return the subprotocol the server chose, empty if none
	 * @throws Refused if the server answers with another status than 101
	 * @throws IOException if the answer is not a WebSocket handshake, or the connection fails
	 */
	static String perform(URI uri, int port, Map<String, String> headers, OutputStream out, InputStream in)
			throws IOException {
		String key = Base64.getEncoder().encodeToString(SocketTransport.randomBytes(16));
		StringBuilder request = new StringBuilder("GET ").append(uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
			.append((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "")
			.append(" HTTP/1.1\r\nHost: ")
			.append(uri.getHost())
			.append(':')
			.append(port)
			.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ")
			.append(key)
			.append("\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		String status = readLine(in);
		Map<String, String> answer = new LinkedHashMap<>();
		for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				answer.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
		}
		String[] parts = status.split(" ", 3);
		int code = (parts.length > 1 && parts[1].matches("\\d{3}")) ? Integer.parseInt(parts[1]) : 0;
		if (code != 101) {
			throw new Refused(code, "HTTP " + code + ((parts.length > 2) ? " " + parts[2] : ""));
		}
		if (!"websocket".equalsIgnoreCase(answer.get("upgrade")) || !accept(key).equals(answer.get("sec-websocket-accept"))) {
			throw new IOException("the server's answer is not a WebSocket handshake (Upgrade: " + answer.get("upgrade")
					+ ", Sec-WebSocket-Accept: " + answer.get("sec-websocket-accept") + ")");
		}
		String extensions = answer.getOrDefault("sec-websocket-extensions", "");
		if (!extensions.isEmpty()) {
			throw new IOException("the server negotiated the extension '" + extensions
					+ "', which the test client does not support (leave out the Sec-WebSocket-Extensions header)");
		}
		return answer.getOrDefault("sec-websocket-protocol", "");
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new EOFException("the server closed the connection during the handshake");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	private static String accept(String key) {
		try {
			return Base64.getEncoder()
				.encodeToString(MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
