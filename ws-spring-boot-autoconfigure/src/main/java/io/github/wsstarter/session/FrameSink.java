package io.github.wsstarter.session;

import java.nio.ByteBuffer;

import org.springframework.web.socket.CloseStatus;

/**
 * Where one session's frames are written: the container, through one of the ways it can be written to. An
 * {@link OutboundQueue} is the only caller, and it holds its writer role: one write at a time.
 *
 * @author ws-spring-boot-starter team
 */
interface FrameSink {

	/**
	 * Return how many data frames one {@link #write} may take.
	 * @return {@code 1} for a sink that writes message by message
	 */
	int maxBatchFrames();

	/**
	 * Start writing data frames, never waiting for the network.
	 * @param frames the frames, from the first
	 * @param count how many of them
	 * @param completion told exactly once when this returns {@code true}, possibly before it returns
	 * @return {@code false} if nothing was started because the connection is busy with a frame of the container's:
	 * try again later
	 */
	boolean write(Frame[] frames, int count, Completion completion);

	/**
	 * Start writing a ping, never waiting for the network on the calling thread.
	 * @param payload at most 125 bytes
	 * @param completion told exactly once when this returns {@code true}
	 * @return {@code false} if the connection is busy: try again later
	 */
	boolean ping(ByteBuffer payload, Completion completion);

	/**
	 * Close the connection after what has been written. May wait briefly for the close frame: called on an I/O
	 * thread of the starter's.
	 * @param status the status to send
	 * @param closeSocket whether to end the TCP connection at once instead of waiting for the client's close frame
	 */
	void close(CloseStatus status, boolean closeSocket);

	/**
	 * Return whether the container has sent, or is about to send, its close frame: it refuses anything more.
	 * @return whether the output is closed
	 */
	boolean isOutputClosed();

	/**
	 * Return whether the TCP connection has ended, as far as this sink can tell.
	 * @return {@code true} if it has, or if the sink cannot tell
	 */
	boolean isSocketClosed();

	/**
	 * Return whether frames go straight to the connection, several at a time, rather than through the Jakarta API.
	 * @return {@code true} for direct writes
	 */
	boolean isDirect();

	/** How a write started by a sink ended. */
	interface Completion {

		/** Every byte was written. */
		void completed();

		/**
		 * The write failed.
		 * @param ex why
		 */
		void failed(Throwable ex);

	}

}
