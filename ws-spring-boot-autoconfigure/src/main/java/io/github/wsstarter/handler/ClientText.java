package io.github.wsstarter.handler;

import java.util.regex.Pattern;

/**
 * Makes text that a client controls safe to put in a log line.
 *
 * @author ws-spring-boot-starter team
 */
final class ClientText {

	/** Control characters and the Unicode line and paragraph separators: anything that could start a new log line. */
	private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");

	private static final int MAX_LENGTH = 120;

	private ClientText() {
	}

	/**
	 * Cut the text short and replace every character that could forge a log line.
	 * @param text the client-controlled text
	 * @return a printable single line of at most about 120 characters
	 */
	static String printable(String text) {
		String cut = (text.length() > MAX_LENGTH) ? text.substring(0, MAX_LENGTH) + "..." : text;
		return UNPRINTABLE.matcher(cut).replaceAll("?");
	}

}
