package dev.fleetscale.gateway.limits;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per principal. Hand-written rather than Bucket4j: the gateway needs one
 * bucket per configured principal with a refill rate and a burst, a dozen lines, and no
 * distributed state (each gateway instance limits its own share; docs/gateway.md says so).
 * Memory is bounded by the number of principals (configured tokens and JWT subjects seen): a
 * bucket that is full again is dropped.
 */
@Singleton
public class TokenBuckets {

  private final RateLimitSettings settings;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public TokenBuckets(RateLimitSettings settings) {
    this(settings, System::nanoTime);
  }

  TokenBuckets(RateLimitSettings settings, LongSupplier nanos) {
    this.settings = settings;
    this.nanos = nanos;
  }

  /** Tokens and the time they were counted at. */
  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  /**
   * Takes one request from {@code principal}'s bucket.
   *
   * @return {@link Duration#ZERO} when allowed, else how long until the next request would be
   */
  public Duration take(String principal) {
    long now = nanos.getAsLong();
    double rate = settings.requestsPerSecond();
    Duration[] wait = {Duration.ZERO};
    buckets.compute(principal, (k, b) -> {
      Bucket bucket = b == null ? new Bucket(settings.burst(), now) : b;
      bucket.tokens = Math.min(settings.burst(),
          bucket.tokens + (now - bucket.at) / 1e9 * rate);
      bucket.at = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
      } else {
        wait[0] = Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / rate * 1e9));
      }
      return bucket;
    });
    if (buckets.size() > 10_000) {
      prune(now);
    }
    return wait[0];
  }

  private void prune(long now) {
    buckets.entrySet().removeIf(e -> e.getValue().tokens
        + (now - e.getValue().at) / 1e9 * settings.requestsPerSecond() >= settings.burst());
  }
}
