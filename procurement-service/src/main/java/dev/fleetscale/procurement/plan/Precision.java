package dev.fleetscale.procurement.plan;

/** Numeric format of a plan's weights and matrix maths: its bytes per value and its peak. */
public enum Precision {
  BF16(2),
  FP8(1);

  private final double bytes;

  Precision(double bytes) {
    this.bytes = bytes;
  }

  /** Bytes per weight (and per gradient value) in this format. */
  public double bytes() {
    return bytes;
  }
}
