package io.github.wsstarter.test;

import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * One complete message, text or binary: from the server, or one a test sends.
 *
 * @param text the text, for a text message
 * @param bytes the bytes, for a binary message
 * @author ws-spring-boot-starter team
 */
record Received(@Nullable String text, byte @Nullable [] bytes) {

	private static final int SHOWN = 80;

	boolean isText() {
		return this.text != null;
	}

	/** Such as {@code text "hello"} or {@code binary (3 bytes: 010203)}, shortened, for failure messages. */
	String describe() {
		if (this.text != null) {
			String shown = (this.text.length() > SHOWN) ? this.text.substring(0, SHOWN) + "..." : this.text;
			return "text \"" + shown + "\"";
		}
		byte[] bytes = (this.bytes != null) ? this.bytes : new byte[0];
		int shown = Math.min(bytes.length, SHOWN / 2);
		return "binary (" + bytes.length + " bytes: " + HexFormat.of().formatHex(bytes, 0, shown)
				+ ((shown < bytes.length) ? "..." : "") + ")";
	}

	/** The message as a test sees it: the text, or a copy of the bytes. */
	Object value() {
		return (this.text != null) ? this.text : ((this.bytes != null) ? this.bytes.clone() : new byte[0]);
	}

	static Received text(String text) {
		return new Received(text, null);
	}

	static Received binary(byte[] bytes) {
		return new Received(null, bytes);
	}

	@Override
	public String toString() {
		return describe();
	}

}
