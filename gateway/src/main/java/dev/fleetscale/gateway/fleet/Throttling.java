package dev.fleetscale.gateway.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * NVML's clocks-event reasons ({@code nvmlClocksEventReason*}, formerly "throttle reasons"), as
 * the agent reports them in {@code clocks_event_reasons}.
 */
final class Throttling {

  /** Bit, name, and whether it means the GPU is held below the clocks it was asked to run. */
  private record Reason(long bit, String name, boolean throttles) {}

  private static final List<Reason> REASONS = List.of(
      new Reason(0x1L, "gpu_idle", false),
      new Reason(0x2L, "applications_clocks_setting", false),
      new Reason(0x4L, "sw_power_cap", true),
      new Reason(0x8L, "hw_slowdown", true),
      new Reason(0x10L, "sync_boost", true),
      new Reason(0x20L, "sw_thermal_slowdown", true),
      new Reason(0x40L, "hw_thermal_slowdown", true),
      new Reason(0x80L, "hw_power_brake_slowdown", true),
      new Reason(0x100L, "display_clock_setting", false));

  /** The hardware reasons: the board protects itself (heat, power supply); worth a look. */
  static final long HARDWARE = 0x8L | 0x40L | 0x80L;

  private Throttling() {}

  static List<String> names(long mask) {
    List<String> out = new ArrayList<>();
    long known = 0;
    for (Reason r : REASONS) {
      known |= r.bit();
      if ((mask & r.bit()) != 0) {
        out.add(r.name());
      }
    }
    if ((mask & ~known) != 0) {
      out.add("unknown_0x" + Long.toHexString(mask & ~known));
    }
    return out;
  }

  static boolean throttled(long mask) {
    return REASONS.stream().anyMatch(r -> r.throttles() && (mask & r.bit()) != 0);
  }
}
