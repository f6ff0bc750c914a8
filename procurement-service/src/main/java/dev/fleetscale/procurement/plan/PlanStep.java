package dev.fleetscale.procurement.plan;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.Locale;

/**
 * One line of a plan's arithmetic: what is computed, the formula with the numbers put in, the
 * result and its unit, so a reader can redo it by hand.
 *
 * @param name e.g. {@code "training FLOPs"}
 * @param formula e.g. {@code "6 · N · D = 6 · 7e+10 · 2e+12"}
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PlanStep(String name, String formula, double value, String unit) {

  /** One line of text, e.g. {@code "training FLOPs: 6 · N · D = ... = 8.400e+23 FLOP"}. */
  public String line() {
    return name + ": " + formula + " = " + format(value) + " " + unit;
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e7) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (Math.abs(v) >= 1e7 || Math.abs(v) < 1e-3) {
      return String.format(Locale.ROOT, "%.4g", v);
    }
    return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
