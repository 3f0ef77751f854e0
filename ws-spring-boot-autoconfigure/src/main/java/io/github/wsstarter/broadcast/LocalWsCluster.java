package io.github.wsstarter.broadcast;

import java.util.Set;

import io.github.wsstarter.WsCluster;
import io.github.wsstarter.session.DefaultWsSession;
import io.github.wsstarter.session.WsSessionRegistry;

import org.springframework.util.Assert;

/**
 * {@link WsCluster} of one instance: what is connected here.
 *
 * @author ws-spring-boot-starter team
 * @since 0.2.0
 */
public class LocalWsCluster implements WsCluster {

	private final WsSessionRegistry registry;

	private final String instanceId;

	/**
	 * Create the view of one instance.
	 * @param registry the open sessions of this instance
	 * @param instanceId the id of this instance
	 */
	public LocalWsCluster(WsSessionRegistry registry, String instanceId) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.hasText(instanceId, "'instanceId' must not be empty");
		this.registry = registry;
		this.instanceId = instanceId;
	}

	/**
	 * Return a new random instance id: eight characters from {@code [0-9a-z]}.
	 * @return the id
	 */
	public static String randomId() {
		java.security.SecureRandom random = new java.security.SecureRandom();
		StringBuilder id = new StringBuilder(8);
		for (int i = 0; i < 8; i++) {
			id.append(Character.forDigit(random.nextInt(36), 36));
		}
		return id.toString();
	}

	@Override
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public Set<String> instances() {
		return Set.of(this.instanceId);
	}

	@Override
	public long sessionCount() {
		return this.registry.sessions().stream().filter(DefaultWsSession::isOpen).count();
	}

	@Override
	public long roomSize(String room) {
		Assert.notNull(room, "'room' must not be null");
		return this.registry.room(room).size();
	}

	@Override
	public Set<String> roomNames() {
		return this.registry.roomNames();
	}

	@Override
	public boolean isConnected(String sessionId) {
		Assert.notNull(sessionId, "'sessionId' must not be null");
		DefaultWsSession session = this.registry.get(sessionId);
		return session != null && session.isOpen();
	}

	@Override
	public boolean isDelivering() {
		return true;
	}

}
