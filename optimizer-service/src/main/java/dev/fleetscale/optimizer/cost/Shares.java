package dev.fleetscale.optimizer.cost;

/**
 * Splits a whole number exactly by weights (largest remainder, Hamilton's method): the parts are
 * whole numbers that add up to the total, each within one of its exact share. This is what makes
 * the allocation reconcile to the micro-dollar: every GPU's cost is rounded once, then divided
 * without loss. Hand-written because it is eight lines and no library offers it for longs.
 * Stateless.
 */
public final class Shares {

  private Shares() {}

  /**
   * @param total what to split, >= 0
   * @param weights >= 0 each; if they sum to 0, the last part takes everything (the "unallocated"
   *     slot by the callers' convention)
   * @return parts summing to {@code total}; ties in the remainders go to the earlier weight
   */
  public static long[] split(long total, long[] weights) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0, was " + total);
    }
    long[] parts = new long[weights.length];
    if (weights.length == 0) {
      if (total != 0) {
        throw new IllegalArgumentException("nothing to split " + total + " over");
      }
      return parts;
    }
    long sum = 0;
    for (long w : weights) {
      if (w < 0) {
        throw new IllegalArgumentException("weights must be >= 0, was " + w);
      }
      sum = Math.addExact(sum, w);
    }
    if (sum == 0) {
      parts[parts.length - 1] = total;
      return parts;
    }
    long given = 0;
    long[] remainders = new long[weights.length];
    for (int i = 0; i < weights.length; i++) {
      // total * w / sum without overflow for the figures here (µ$ of one GPU-hour × ms).
      java.math.BigInteger[] qr = java.math.BigInteger.valueOf(total)
          .multiply(java.math.BigInteger.valueOf(weights[i]))
          .divideAndRemainder(java.math.BigInteger.valueOf(sum));
      parts[i] = qr[0].longValueExact();
      remainders[i] = qr[1].longValueExact();
      given += parts[i];
    }
    for (long left = total - given; left > 0; left--) {
      int best = -1;
      for (int i = 0; i < weights.length; i++) {
        if (remainders[i] >= 0 && (best < 0 || remainders[i] > remainders[best])) {
          best = i;
        }
      }
      parts[best]++;
      remainders[best] = -1; // each part gets at most one extra unit
    }
    return parts;
  }
}
