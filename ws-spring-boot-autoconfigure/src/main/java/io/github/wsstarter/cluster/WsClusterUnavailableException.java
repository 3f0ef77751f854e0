package io.github.wsstarter.cluster;

/**
 * Thrown at start-up when {@code ws.cluster.enabled=true} but the application lacks what the cluster needs.
 *
 * @author ws-spring-boot-starter team
 * @since 0.2.0
 */
public class WsClusterUnavailableException extends IllegalStateException {

	private final String action;

	/**
	 * Create the exception.
	 * @param description what is missing
	 * @param action what to do about it
	 */
	public WsClusterUnavailableException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * Return what the application should do.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
