package io.github.wsstarter.autoconfigure;

import io.github.wsstarter.WsHandlerDefinitionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up failure caused by a {@code @WsOn*} method or a {@code @WsEndpoint} that cannot be used.
 *
 * @author ws-spring-boot-starter team
 */
class WsHandlerDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<WsHandlerDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WsHandlerDefinitionException cause) {
		return new FailureAnalysis("A WebSocket handler cannot be used as declared: " + cause.getMessage(),
				"Change the declaration as the message says. The Javadoc of each @WsOn* annotation lists the "
						+ "parameters it accepts.",
				cause);
	}

}
