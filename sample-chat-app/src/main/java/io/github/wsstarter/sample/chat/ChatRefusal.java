package io.github.wsstarter.sample.chat;

/**
 * Bad input from a client. Its message is written for that client, who gets it as an {@code error} message; the
 * connection stays open.
 */
class ChatRefusal extends RuntimeException {

	ChatRefusal(String message) {
		// No stack trace: this is an answer to a client, not a failure to investigate
		super(message, null, false, false);
	}

}
