package io.github.wsstarter.cluster;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link WsClusterUnavailableException}: what {@code ws.cluster.enabled=true} is missing, and what to add.
 *
 * @author ws-spring-boot-starter team
 */
class WsClusterFailureAnalyzer extends AbstractFailureAnalyzer<WsClusterUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WsClusterUnavailableException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
