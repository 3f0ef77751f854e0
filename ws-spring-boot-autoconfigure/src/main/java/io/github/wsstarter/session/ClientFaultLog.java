package io.github.wsstarter.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsstarter.WsCloseCause;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * WARNs about what clients did (slow reading, floods, unreadable messages), at most a few per cause and minute; the
 * rest go to DEBUG and are summed up in one WARN when the minute is over. So a client that reconnects and sends
 * garbage cannot fill the log. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 */
public final class ClientFaultLog {

	private static final Log logger = LogFactory.getLog("io.github.wsstarter.ClientFaults");

	/** WARNs per cause and window. */
	private final int burst;

	private static final long WINDOW_NANOS = 60_000_000_000L;

	private final Map<WsCloseCause, Window> windows = new ConcurrentHashMap<>();

	/**
	 * Create a log.
	 * @param warningsPerMinute how many WARNs each cause gets per minute
	 */
	public ClientFaultLog(int warningsPerMinute) {
		this.burst = warningsPerMinute;
	}

	/**
	 * Log a client's fault at WARN, or at DEBUG once this cause has had its WARNs in this minute.
	 * @param cause what the client did
	 * @param message the message, free of client text that is not sanitized
	 */
	public void warn(WsCloseCause cause, String message) {
		Window window = this.windows.computeIfAbsent(cause, (key) -> new Window());
		long now = System.nanoTime();
		boolean warn;
		synchronized (window) {
			summarize(cause, window, now);
			warn = window.logged < this.burst;
			if (warn) {
				window.logged++;
			}
			else {
				window.suppressed++;
			}
		}
		if (warn) {
			logger.warn(message);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message);
		}
	}

	/** Write the summaries of the windows that are over; the session monitor calls this now and then. */
	void summarize(long now) {
		this.windows.forEach((cause, window) -> {
			synchronized (window) {
				summarize(cause, window, now);
			}
		});
	}

	private static void summarize(WsCloseCause cause, Window window, long now) {
		if (now - window.start < WINDOW_NANOS) {
			return;
		}
		if (window.suppressed > 0) {
			logger.warn(window.suppressed + " more WebSocket client fault(s) of cause " + cause
					+ " in the last minute, logged at DEBUG only");
		}
		window.start = now;
		window.logged = 0;
		window.suppressed = 0;
	}

	private static final class Window {

		long start = System.nanoTime();

		int logged;

		long suppressed;

	}

}
