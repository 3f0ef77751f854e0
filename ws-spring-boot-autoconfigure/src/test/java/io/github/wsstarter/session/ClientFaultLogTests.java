package io.github.wsstarter.session;

import io.github.wsstarter.WsCloseCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client faults get a few WARNs per cause and minute; the rest are summed up once the minute is over.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientFaultLogTests {

	@Test
	void eachCauseGetsItsWarningsThenTheRestAreSummedUpAfterTheMinute(CapturedOutput output) {
		ClientFaultLog log = new ClientFaultLog(3);
		for (int i = 0; i < 10; i++) {
			log.warn(WsCloseCause.INVALID_PAYLOAD, "garbage " + i);
		}
		log.warn(WsCloseCause.RATE_LIMITED, "flood");
		assertThat(output.getOut()).contains("garbage 0", "garbage 1", "garbage 2", "flood")
			.doesNotContain("garbage 3", "garbage 9");
		log.summarize(System.nanoTime());
		assertThat(output.getOut()).doesNotContain("more WebSocket client fault");
		log.summarize(System.nanoTime() + 61_000_000_000L);
		assertThat(output.getOut()).contains("7 more WebSocket client fault(s) of cause INVALID_PAYLOAD")
			.doesNotContain("of cause RATE_LIMITED");
		log.warn(WsCloseCause.INVALID_PAYLOAD, "a new minute");
		assertThat(output.getOut()).contains("a new minute");
	}

}
