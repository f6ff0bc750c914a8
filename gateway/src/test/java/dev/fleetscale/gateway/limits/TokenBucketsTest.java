package dev.fleetscale.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final TokenBuckets buckets =
      new TokenBuckets(new RateLimitSettings(true, 2, 3), now::get);

  @Test
  void aQuietPrincipalHasItsBurstThenTheRate() {
    for (int i = 0; i < 3; i++) {
      assertThat(buckets.take("a")).as("request " + i).isEqualTo(Duration.ZERO);
    }
    // Empty: the next token comes in 1 / 2 s.
    assertThat(buckets.take("a")).isEqualTo(Duration.ofMillis(500));
    now.addAndGet(250_000_000L);
    assertThat(buckets.take("a")).isEqualTo(Duration.ofMillis(250));
    now.addAndGet(250_000_000L);
    assertThat(buckets.take("a")).isEqualTo(Duration.ZERO);
    // Other principals have their own bucket.
    assertThat(buckets.take("b")).isEqualTo(Duration.ZERO);
  }

  @Test
  void aBucketRefillsToItsBurstNotBeyond() {
    for (int i = 0; i < 3; i++) {
      buckets.take("c");
    }
    now.addAndGet(60_000_000_000L);
    for (int i = 0; i < 3; i++) {
      assertThat(buckets.take("c")).isEqualTo(Duration.ZERO);
    }
    assertThat(buckets.take("c")).isPositive();
  }
}
