package io.github.wsstarter;

/**
 * A {@link WsClient}'s connection: one object for the whole life of what {@link WsClient#connect} opened, across
 * the reconnects of its {@link ReconnectPolicy}. Its {@link #attributes()} are kept across reconnects. Client
 * handler methods may take it instead of a {@link WsConnection}, to know whether they see a reconnect.
 * <p>
 * While a reconnecting connection is down, {@link #send(Object)} throws a {@link WsException} that says so, or
 * keeps the message for the next connection when the client was built with
 * {@link WsClient.Builder#bufferWhileDisconnected(int)}. Once closed for good (by {@link #close()}, by the client,
 * or when the policy gives up), sends return {@code false}. Thread-safe.
 *
 * @author ws-spring-boot-starter team
 * @since 0.3.0
 */
public interface WsClientConnection extends WsConnection {

	/**
	 * Return how many times this connection has been opened again after a loss.
	 * @return 0 for the first connection, then 1, 2, ... from each reconnect's {@code @WsOnInit} methods on
	 */
	int reconnects();

	/**
	 * Return the number of the last reconnect attempt: in {@code @WsOnInit}, the attempt that opened this connection
	 * (1 if the first attempt after the loss succeeded); while reconnecting, the attempt under way or waited for (0
	 * in the {@code @WsOnClose} of a loss, before the first). Counted as {@link ReconnectPolicy} says.
	 * @return 0 for the first connection, then the attempt, from 1
	 */
	int reconnectAttempt();

	/**
	 * Return whether the connection is down and will be tried again.
	 * @return {@code true} from a loss (its {@code @WsOnClose} methods see it) to the reconnect, or to giving up
	 */
	boolean isReconnecting();

}
