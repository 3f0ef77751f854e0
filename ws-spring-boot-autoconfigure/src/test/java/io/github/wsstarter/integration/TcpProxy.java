package io.github.wsstarter.integration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback, between a client and a server, that a test can cut: every connection it carries ends at
 * once without a close frame, as when a network path dies. A thread per direction; for tests only.
 */
final class TcpProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final int target;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	/** When each connection was refused, in {@link System#nanoTime()}. */
	private final List<Long> refusals = new CopyOnWriteArrayList<>();

	private volatile boolean refusing;

	TcpProxy(int target) throws IOException {
		this.target = target;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + this.listener.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.listener.getLocalPort();
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				if (this.refusing) {
					this.refusals.add(System.nanoTime());
					client.setSoLinger(true, 0);
					client.close();
					continue;
				}
				Socket server = new Socket();
				server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.target), 5000);
				this.sockets.add(client);
				this.sockets.add(server);
				pump(client, server);
				pump(server, client);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
				}
			}
			catch (IOException ex) {
				// cut, or the other side closed
			}
			closeQuietly(from);
			closeQuietly(to);
		}, "tcp-proxy-pump");
		pump.setDaemon(true);
		pump.start();
	}

	/**
	 * Accept connections and close them at once (as a server that is not up yet), recording when; or forward them
	 * again.
	 */
	void refuse(boolean refusing) {
		this.refusing = refusing;
	}

	/** When each refused connection came, in {@link System#nanoTime()}, in order. */
	List<Long> refusals() {
		return List.copyOf(this.refusals);
	}

	/** End every connection now, with a TCP reset: no close frame reaches either side. */
	void cut() {
		for (Socket socket : this.sockets) {
			try {
				socket.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// already closed
			}
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	/** Stop taking connections (they are refused from now on), and cut the open ones. */
	@Override
	public void close() {
		closeQuietly(this.listener);
		cut();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing to do
		}
	}

}
