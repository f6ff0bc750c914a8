package dev.fleetscale.optimizer.cost;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one host costs per hour, by part, in micro-dollars (exact decimals: an amortized price is
 * rarely a whole number of micro-dollars per hour, and rounding happens once per window, in
 * {@link CostAllocator}).
 *
 * @param gpuPerGpuHour the server's own price (amortized capex, lease, or cloud rate) per GPU-hour:
 *     a GPU server is bought for its GPUs, so its CPUs, memory and chassis are priced through them
 * @param ssdPerDiskHour one whole disk's price per hour (0 when SSDs are in the server price)
 * @param networkPerHostHour the host's share of its switch per hour (0 when not priced)
 * @param energyPerKwh electricity per kWh of GPU energy, PUE included (0 for cloud GPUs)
 * @param source where the prices came from, for the point's {@code rate_source} field
 */
public record HostRates(BigDecimal gpuPerGpuHour, BigDecimal ssdPerDiskHour,
    BigDecimal networkPerHostHour, BigDecimal energyPerKwh, String source) {

  /** Micro-dollars per dollar. */
  public static final BigDecimal MICRO = BigDecimal.valueOf(1_000_000);

  public HostRates {
    Objects.requireNonNull(gpuPerGpuHour, "gpuPerGpuHour");
    Objects.requireNonNull(ssdPerDiskHour, "ssdPerDiskHour");
    Objects.requireNonNull(networkPerHostHour, "networkPerHostHour");
    Objects.requireNonNull(energyPerKwh, "energyPerKwh");
    Objects.requireNonNull(source, "source");
  }

  /** Prices in dollars, converted to micro-dollars. */
  public static HostRates usd(String gpuPerGpuHour, String ssdPerDiskHour,
      String networkPerHostHour, String energyPerKwh, String source) {
    return new HostRates(new BigDecimal(gpuPerGpuHour).multiply(MICRO),
        new BigDecimal(ssdPerDiskHour).multiply(MICRO),
        new BigDecimal(networkPerHostHour).multiply(MICRO),
        new BigDecimal(energyPerKwh).multiply(MICRO), source);
  }
}
