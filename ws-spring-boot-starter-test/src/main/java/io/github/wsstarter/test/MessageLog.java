package io.github.wsstarter.test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * What one {@link WsTestConnection} received, in order, and how it closed, with the bounded waits on them: the plain
 * waits take each message once, in order; the waits for a kind of message have a position of their own per kind.
 * Every failure message ends with {@link #history()}. Thread-safe: one lock, which the waits wait on.
 *
 * @author ws-spring-boot-starter team
 */
final class MessageLog {

	private final URI uri;

	private final List<Received> received = new ArrayList<>();

	/** The position of the plain waits. */
	private int next;

	/** The position of the waits for one kind of message, per kind. */
	private final Map<String, Integer> positions = new HashMap<>();

	private @Nullable CloseStatus closed;

	MessageLog(URI uri) {
		this.uri = uri;
	}

	synchronized void add(Received message) {
		this.received.add(message);
		notifyAll();
	}

	/** Record the close; the first one counts. */
	synchronized void closed(CloseStatus status) {
		if (this.closed == null) {
			this.closed = status;
		}
		notifyAll();
	}

	synchronized @Nullable CloseStatus closeStatus() {
		return this.closed;
	}

	synchronized int size() {
		return this.received.size();
	}

	synchronized List<Received> all() {
		return List.copyOf(this.received);
	}

	/** The next message not taken by a plain wait. */
	synchronized Received next(String what, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.next >= this.received.size()) {
			if (!waitForMore(deadline)) {
				throw new AssertionError("Expected " + what + " from " + this.uri + " within " + timeout
						+ " but none came; " + history());
			}
		}
		return this.received.get(this.next++);
	}

	/** The next message of a kind, from that kind's own position. */
	synchronized Received next(String kind, Predicate<Received> ofKind, String what, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		int position = this.positions.getOrDefault(kind, 0);
		while (true) {
			for (; position < this.received.size(); position++) {
				Received message = this.received.get(position);
				if (ofKind.test(message)) {
					this.positions.put(kind, position + 1);
					return message;
				}
			}
			this.positions.put(kind, position);
			if (!waitForMore(deadline)) {
				throw new AssertionError("Expected " + what + " from " + this.uri + " within " + timeout + "; "
						+ history());
			}
		}
	}

	/** Fail if a message arrives within the duration. */
	synchronized void expectNone(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		int before = this.received.size();
		if (waitForMore(deadline)) {
			throw new AssertionError("Expected no message from " + this.uri + " for " + duration + " but received "
					+ this.received.get(before).describe() + "; " + history());
		}
	}

	/** Wait until closed; {@code null} at the deadline. */
	synchronized @Nullable CloseStatus awaitClose(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.closed == null) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || !pause(left)) {
				return null;
			}
		}
		return this.closed;
	}

	/** What arrived, and how it closed: the end of every failure message. */
	synchronized String history() {
		String received = this.received.isEmpty() ? "nothing was received"
				: "received " + this.received.size() + ": "
						+ this.received.stream().map(Received::describe).collect(Collectors.joining(", "));
		CloseStatus status = this.closed;
		if (status == null) {
			return received;
		}
		String reason = status.getReason();
		return received + "; closed with " + status.getCode()
				+ ((reason != null && !reason.isEmpty()) ? " '" + reason + "'" : "");
	}

	/** Wait, holding the lock, for one more message; {@code false} at the deadline, or once closed. */
	private boolean waitForMore(long deadline) {
		int size = this.received.size();
		while (this.received.size() == size) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || this.closed != null || !pause(left)) {
				return this.received.size() != size;
			}
		}
		return true;
	}

	private boolean pause(long nanos) {
		try {
			TimeUnit.NANOSECONDS.timedWait(this, nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
