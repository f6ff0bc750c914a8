package dev.fleetscale.agent.disk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.fleetscale.agent.kernel.Fields;

/**
 * One /proc/diskstats line: cumulative counters of one block device since boot. Column numbers
 * below count from 1 across the whole line (major, minor and name are 1-3), as in the kernel's
 * Documentation/admin-guide/iostats.rst. All values are unsigned.
 *
 * @param reads completed reads (column 4)
 * @param sectorsRead 512-byte sectors read (column 6), whatever the device's block size
 * @param readMillis time spent reading, ms (column 7)
 * @param writes completed writes (column 8)
 * @param sectorsWritten 512-byte sectors written (column 10)
 * @param writeMillis time spent writing, ms (column 11)
 * @param busyMillis time the device had at least one request in flight, ms (column 13, io_ticks)
 * @param weightedMillis request-time summed over requests in flight, ms (column 14): its increase
 *     over the elapsed time is the average queue depth
 */
public record DiskCounters(
    long reads,
    long sectorsRead,
    long readMillis,
    long writes,
    long sectorsWritten,
    long writeMillis,
    long busyMillis,
    long weightedMillis) {

  /** The kernel's diskstats sector is 512 bytes, independent of the device's sector size. */
  public static final int SECTOR_BYTES = 512;

  /**
   * Parses /proc/diskstats. Lines that are too short or not numeric are skipped (a kernel that
   * prints something unexpected costs that device, not the sample).
   *
   * @return counters by device name, in file order
   */
  public static Map<String, DiskCounters> parse(List<String> lines) {
    Map<String, DiskCounters> byDevice = new LinkedHashMap<>();
    Fields f = new Fields();
    for (String line : lines) {
      if (f.of(line).count() < 14) {
        continue;
      }
      try {
        byDevice.put(
            f.text(2),
            new DiskCounters(
                f.unsigned(3),
                f.unsigned(5),
                f.unsigned(6),
                f.unsigned(7),
                f.unsigned(9),
                f.unsigned(10),
                f.unsigned(12),
                f.unsigned(13)));
      } catch (NumberFormatException e) {
        // not a device line
      }
    }
    return byDevice;
  }
}
