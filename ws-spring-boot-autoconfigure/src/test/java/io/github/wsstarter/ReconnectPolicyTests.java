package io.github.wsstarter;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link ReconnectPolicy}: the bounds of exponential backoff with full jitter, and what the builder accepts with it.
 */
class ReconnectPolicyTests {

	private final ReconnectPolicy policy = ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

	@Test
	void theBoundDoublesForEachAttemptUpToTheMaximum() {
		assertThat(this.policy.maxDelay(1)).isEqualTo(Duration.ofMillis(100));
		assertThat(this.policy.maxDelay(2)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.policy.maxDelay(5)).isEqualTo(Duration.ofMillis(1600));
		assertThat(this.policy.maxDelay(6)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.maxDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(2));
		assertThat(ReconnectPolicy.backoff(Duration.ofDays(365), Duration.ofDays(3650)).maxDelay(60))
			.isEqualTo(Duration.ofDays(3650));
	}

	@Test
	void eachWaitIsRandomWithinItsBoundAndTheWaitsSpread() {
		long sum = 0;
		long min = Long.MAX_VALUE;
		long max = 0;
		for (int i = 0; i < 1000; i++) {
			long wait = this.policy.delay(3).toMillis();
			assertThat(wait).isBetween(0L, 400L);
			sum += wait;
			min = Math.min(min, wait);
			max = Math.max(max, wait);
		}
		// Full jitter: uniform over [0, 400], so the mean of 1000 draws is near 200 and the range wide
		assertThat(sum / 1000).isBetween(150L, 250L);
		assertThat(min).isLessThan(40);
		assertThat(max).isGreaterThan(360);
	}

	@Test
	void neverGivesUpUnlessToldAndCopiesAreIndependent() {
		assertThat(this.policy.maxAttempts()).isEqualTo(Integer.MAX_VALUE);
		ReconnectPolicy limited = this.policy.maxAttempts(3).bufferWhileDisconnected(64);
		assertThat(limited.maxAttempts()).isEqualTo(3);
		assertThat(limited.bufferWhileDisconnected()).isEqualTo(64);
		assertThat(this.policy.maxAttempts()).isEqualTo(Integer.MAX_VALUE);
		assertThat(this.policy.bufferWhileDisconnected()).isZero();
		assertThat(limited).hasToString("ReconnectPolicy[backoff PT0.1S to PT2S, at most 3 attempts, keeping 64 bytes]");
	}

	@Test
	void badArgumentsAreRefusedWithWhatIsWrong() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReconnectPolicy.backoff(Duration.ZERO, Duration.ofSeconds(1)))
			.withMessageContaining("'initial' must be at least 1 ms");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReconnectPolicy.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessageContaining("'max' must not be shorter than 'initial'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.policy.maxAttempts(0))
			.withMessageContaining("'maxAttempts' must be at least 1");
	}

	@Test
	void theBuilderRefusesABufferWithoutAPolicyOrLargerThanTheSendQueue() {
		assertThatIllegalStateException().isThrownBy(() -> WsClient.builder().bufferWhileDisconnected(10).build())
			.withMessageContaining("no reconnect(ReconnectPolicy) is set");
		assertThatIllegalStateException()
			.isThrownBy(() -> WsClient.builder().reconnect(this.policy.bufferWhileDisconnected(1024 * 1024)).build())
			.withMessageContaining("bufferWhileDisconnected(1048576) is more than a connection's send queue takes");
		// The builder's setting wins over the policy's
		WsClient.builder().reconnect(this.policy.bufferWhileDisconnected(1024 * 1024)).bufferWhileDisconnected(10)
			.build()
			.close();
	}

}
