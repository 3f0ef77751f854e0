package io.github.wsstarter.handler;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Puts messages that the container delivers in parts back together, up to the configured maximum sizes. The
 * container's own buffers stay small (the auto-configuration gives it 1 KB per session), so an idle connection holds
 * no maximum-size buffer: memory for a large message exists only while one is arriving, and only for that session.
 * <p>
 * Parts of one session arrive one at a time on the container's thread for that session; sessions that are between
 * messages have no entry here.
 *
 * @author ws-spring-boot-starter team
 */
final class InboundAssembler {

	/** Marks a message over its limit. */
	static final Object TOO_BIG = new Object();

	private final int maxText;

	private final int maxBinary;

	private final Map<String, Object> partial = new ConcurrentHashMap<>();

	InboundAssembler(int maxText, int maxBinary) {
		this.maxText = maxText;
		this.maxBinary = maxBinary;
	}

	/**
	 * Add a part of a text message.
	 * @return the whole text once the last part has arrived, {@code null} while more is to come, or {@link #TOO_BIG}
	 */
	@Nullable Object text(String sessionId, String part, boolean last) {
		Object started = this.partial.get(sessionId);
		if (started == null && last) {
			return (part.length() <= this.maxText) ? part : tooBig(sessionId);
		}
		StringBuilder text = (started instanceof StringBuilder builder) ? builder : new StringBuilder(part.length() * 2);
		if (text.length() + part.length() > this.maxText) {
			return tooBig(sessionId);
		}
		text.append(part);
		if (!last) {
			this.partial.put(sessionId, text);
			return null;
		}
		this.partial.remove(sessionId);
		return text.toString();
	}

	/**
	 * Add a part of a binary message.
	 * @return the whole content once the last part has arrived, {@code null} while more is to come, or
	 * {@link #TOO_BIG}
	 */
	@Nullable Object binary(String sessionId, ByteBuffer part, boolean last) {
		Object started = this.partial.get(sessionId);
		if (started == null && last) {
			// A copy: the container reuses its buffer for the next message, and a handler may keep this one
			return (part.remaining() <= this.maxBinary) ? ByteBuffer.allocate(part.remaining()).put(part).flip()
					: tooBig(sessionId);
		}
		ByteBuffer content = (started instanceof ByteBuffer buffer) ? buffer : ByteBuffer.allocate(part.remaining() * 2);
		if (content.position() + part.remaining() > this.maxBinary) {
			return tooBig(sessionId);
		}
		if (content.remaining() < part.remaining()) {
			// Grow by doubling, up to the limit
			int capacity = (int) Math.min(this.maxBinary, Math.max(2L * content.capacity(), content.position() + part.remaining()));
			content = ByteBuffer.allocate(capacity).put(content.flip());
		}
		content.put(part);
		if (!last) {
			this.partial.put(sessionId, content);
			return null;
		}
		this.partial.remove(sessionId);
		return content.flip();
	}

	private Object tooBig(String sessionId) {
		this.partial.remove(sessionId);
		return TOO_BIG;
	}

	/** Forget a closed session's unfinished message. */
	void discard(String sessionId) {
		this.partial.remove(sessionId);
	}

}
