package dev.fleetscale.gateway.fleet;

import dev.fleetscale.contracts.influx.InfluxQl;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a GPU's health fields of {@code gpu_rollup} (docs/influxdb-schema.md) and says why it is
 * not healthy: not readable (LOST, ERROR), uncorrected ECC errors since the driver loaded, a row
 * remap pending (needs a reset) or failed (needs service), Xid errors in the window, or clocks held
 * down by the hardware (slowdown, thermal, power brake). A software power cap is throttling but
 * not a fault: it is reported in {@code throttle_reasons} only.
 */
final class GpuHealthReading {

  private GpuHealthReading() {}

  static GpuView.Health of(InfluxQl.Row row) {
    String state = row.text("health");
    Long xids = Metric.integer(row, "xid_count");
    Long xidLast = Metric.integer(row, "xid_last");
    Long eccCorrected = Metric.integer(row, "ecc_corrected_total");
    Long eccUncorrected = Metric.integer(row, "ecc_uncorrected_total");
    Long remapCorrectable = Metric.integer(row, "remapped_rows_correctable");
    Long remapUncorrectable = Metric.integer(row, "remapped_rows_uncorrectable");
    Boolean pending = bool(row, "remapped_rows_pending");
    Boolean failure = bool(row, "remapped_rows_failure");
    Long reasons = Metric.integer(row, "clocks_event_reasons");

    List<String> problems = new ArrayList<>();
    if (state != null && !"OK".equals(state)) {
      problems.add("state " + state);
    }
    if (xids != null && xids > 0) {
      problems.add("xid " + xidLast + " (" + xids + " in the window)");
    }
    if (eccUncorrected != null && eccUncorrected > 0) {
      problems.add(eccUncorrected + " uncorrected ECC errors since the driver loaded");
    }
    if (Boolean.TRUE.equals(failure)) {
      problems.add("row remapping failed: the GPU needs service");
    }
    if (Boolean.TRUE.equals(pending)) {
      problems.add("row remap pending: the GPU needs a reset");
    }
    long mask = reasons == null ? 0 : reasons;
    if ((mask & Throttling.HARDWARE) != 0) {
      problems.add("clocks held down by the hardware: "
          + String.join(", ", Throttling.names(mask & Throttling.HARDWARE)));
    }
    return new GpuView.Health(state, problems.isEmpty(), List.copyOf(problems), xids, xidLast,
        eccCorrected, eccUncorrected, remapCorrectable, remapUncorrectable, pending, failure,
        reasons, Throttling.names(mask), Throttling.throttled(mask));
  }

  private static Boolean bool(InfluxQl.Row row, String column) {
    String text = row.text(column);
    return text == null ? null : Boolean.valueOf(text);
  }
}
