package io.github.wsstarter;

import java.util.Set;

/**
 * The instances of this application that share WebSocket sessions, and what is connected to them: inject it for
 * presence ("who is online", "how many in this room").
 * <p>
 * Present on a single instance too, where it describes just that instance. With {@code ws.cluster.enabled=true} it
 * covers every live instance on the cluster's Redis channel. Answers come from memory and never wait on the network;
 * they are eventually consistent: a connect, close, join or leave anywhere is seen by every instance within about two
 * seconds, and an instance that stopped without saying so (killed, cut off) drops out of every count after
 * {@code ws.cluster.instance-timeout}. While this instance cannot reach the others, it counts its own sessions only.
 * Thread-safe.
 *
 * @author ws-spring-boot-starter team
 * @since 0.2.0
 */
public interface WsCluster {

	/**
	 * Return the id of this instance ({@code ws.cluster.instance-id}, random by default).
	 * @return the id, never {@code null}
	 */
	String instanceId();

	/**
	 * Return the ids of the live instances, this one included.
	 * @return an unmodifiable snapshot
	 */
	Set<String> instances();

	/**
	 * Return how many sessions are open on all live instances.
	 * @return the count
	 */
	long sessionCount();

	/**
	 * Return how many sessions are in a room, on all live instances.
	 * @param room the room name
	 * @return the count, 0 for a room nobody is in
	 */
	long roomSize(String room);

	/**
	 * Return the names of the rooms at least one session is in, on all live instances.
	 * @return an unmodifiable snapshot
	 */
	Set<String> roomNames();

	/**
	 * Return whether a session with this id is open on a live instance.
	 * @param sessionId the session id
	 * @return {@code true} if it is open here, or known to be open on another instance
	 */
	boolean isConnected(String sessionId);

	/**
	 * Return whether messages for other instances get through: on a single instance always {@code true}; in a
	 * cluster, whether the last end-to-end probe through Redis came back in time.
	 * @return {@code true} while cross-instance delivery works
	 */
	boolean isDelivering();

}
