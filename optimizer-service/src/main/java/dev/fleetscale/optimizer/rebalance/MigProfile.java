package dev.fleetscale.optimizer.rebalance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MIG instance profile as NVIDIA names it, {@code <compute slices>g.<memory>gb}: e.g.
 * {@code 1g.10gb}, {@code 3g.40gb}, {@code 7g.80gb}. A MIG-mode GPU has {@value #SLICES_PER_GPU}
 * compute slices; its instances' memory together fits its frame buffer.
 *
 * @param slices compute slices, 1-7
 * @param memoryBytes the instance's memory, bytes
 */
public record MigProfile(int slices, long memoryBytes) {

  public static final int SLICES_PER_GPU = 7;
  private static final Pattern FORM = Pattern.compile("([1-7])g\\.([0-9]{1,4})gb");

  public MigProfile {
    if (slices < 1 || slices > SLICES_PER_GPU) {
      throw new IllegalArgumentException("MIG profile: compute slices must be 1-7, was " + slices);
    }
  }

  /** Parses {@code 3g.40gb}; the error names the label and the form. */
  static MigProfile parse(String value) {
    Matcher m = FORM.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("label " + PlacementLabels.MIG_PROFILE + ": must be "
          + "<1-7>g.<GB>gb such as 1g.10gb, was '" + value + "'");
    }
    return new MigProfile(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)) << 30);
  }

  /** Share of one GPU's compute the instance holds. */
  public double gpuShare() {
    return (double) slices / SLICES_PER_GPU;
  }

  public String label() {
    return slices + "g." + (memoryBytes >> 30) + "gb";
  }
}
