package io.github.wsstarter.broadcast;

/**
 * Carries broadcasts from the {@link io.github.wsstarter.WsBroadcaster} to the sessions they address. The default,
 * {@link LocalWsBroadcastTransport}, delivers to the sessions of this instance; a clustered transport publishes to a
 * message broker and, on receipt at every instance, hands the broadcast to
 * {@link LocalWsBroadcastTransport#deliver(WsBroadcast)} there. Declare a bean of this type to replace the default.
 * <p>
 * Implementations must be thread-safe and must not block the caller for long: {@code sendAll} is called from request
 * and message threads.
 *
 * @author ws-spring-boot-starter team
 * @since 0.1.0
 */
@FunctionalInterface
public interface WsBroadcastTransport {

	/**
	 * Deliver a broadcast to every session it addresses.
	 * @param broadcast the encoded broadcast
	 */
	void publish(WsBroadcast broadcast);

	/**
	 * Carry a command to the instance that holds the session, when that is not this one. The default does nothing:
	 * on a single instance, a session that is not here is nowhere.
	 * @param command the command
	 * @since 0.2.0
	 */
	default void forward(WsSessionCommand command) {
	}

}
