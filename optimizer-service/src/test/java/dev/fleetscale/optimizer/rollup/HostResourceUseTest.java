package dev.fleetscale.optimizer.rollup;

import static dev.fleetscale.optimizer.Samples.disk;
import static dev.fleetscale.optimizer.Samples.gpu;
import static dev.fleetscale.optimizer.Samples.nic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscale.contracts.serde.Json;
import dev.fleetscale.contracts.telemetry.FilesystemSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.optimizer.Samples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each resource's per-host demand (the window's peak) and capacity (the last sample). */
class HostResourceUseTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final long GIB = 1L << 30;

  private static HostSample bare(int second) {
    return Samples.withDevices(Samples.host("h", "p", second, T0.plusSeconds(second), 0, 0, 0),
        List.of(), List.of(), List.of());
  }

  @Test
  void gpuMemoryIsThePeakUsedOverTheGpusThatReportBothFigures() {
    HostResourceUse use = new HostResourceUse();

    use.add(Samples.withGpus(bare(1), List.of(gpu(0, 10 * GIB, 80 * GIB),
        gpu(1, 30 * GIB, 80 * GIB), gpu(2, null, 80 * GIB))));
    use.add(Samples.withGpus(bare(2), List.of(gpu(0, 5 * GIB, 80 * GIB),
        gpu(1, 20 * GIB, 80 * GIB), gpu(2, null, 80 * GIB))));
    HostWindowSummary.Resources r = use.summary();

    // 40 GiB in the first sample beats 25 GiB in the second; GPU 2 (no used figure) is in neither.
    assertThat(r.gpuMemoryUsedBytes()).isEqualTo(40 * GIB);
    assertThat(r.gpuMemoryTotalBytes()).isEqualTo(160 * GIB);
  }

  @Test
  void filesystemsCountEachDeviceOnceAndSkipThoseWithoutSizes() {
    HostResourceUse use = new HostResourceUse();
    List<FilesystemSample> filesystems = List.of(
        new FilesystemSample("/scratch", "/dev/nvme0n1p1", "xfs", 4_000L, 1_000L),
        new FilesystemSample("/var/lib/data", "/dev/nvme0n1p1", "xfs", 4_000L, 1_000L),
        new FilesystemSample("/models", "/dev/nvme1n1", "ext4", 2_000L, 1_500L),
        new FilesystemSample("/gone", "/dev/sdz1", "ext4", null, null));

    use.add(Samples.withDevices(bare(1), List.of(), filesystems, List.of()));
    HostWindowSummary.Resources r = use.summary();

    assertThat(r.filesystemUsedBytes()).isEqualTo(2_500L);
    assertThat(r.filesystemCapacityBytes()).isEqualTo(6_000L);
  }

  @Test
  void diskBandwidthIsPeakReadPlusWriteAndCountsTheDisksThatReportedRates() {
    HostResourceUse use = new HostResourceUse();

    use.add(Samples.withDevices(bare(1), List.of(disk("nvme0n1", 1e9, 0.5e9),
        disk("nvme1n1", null, null)), List.of(), List.of()));
    use.add(Samples.withDevices(bare(2), List.of(disk("nvme0n1", 0.2e9, 0.1e9),
        disk("nvme1n1", 0.4e9, 0.3e9)), List.of(), List.of()));
    HostWindowSummary.Resources r = use.summary();

    // 1.5 GB/s in the first sample (the new disk has no rate yet) beats 1.0 GB/s in the second.
    assertThat(r.diskBytesPerSecond()).isEqualTo(1.5e9);
    assertThat(r.disks()).isEqualTo(2);
  }

  @Test
  void nicBandwidthIsTheBusierDirectionInBitsAgainstTheLinkSpeed() {
    HostResourceUse use = new HostResourceUse();

    use.add(Samples.withDevices(bare(1), List.of(), List.of(), List.of(
        nic("eth0", 1e9, 4e9, 100_000L),
        nic("ib0", 10e9, 2e9, 400_000L),
        nic("eth9", 1e9, 1e9, null))));
    HostWindowSummary.Resources r = use.summary();

    // (4 + 10) GB/s × 8 = 112 Gb/s over 100 + 400 Gb/s; eth9 has no link speed: in neither sum.
    assertThat(r.nicBitsPerSecond()).isEqualTo(112e9);
    assertThat(r.nicLinkBitsPerSecond()).isEqualTo(500e9);
  }

  @Test
  void noSampleMeansUnknown() {
    assertThat(new HostResourceUse().summary()).isNull();
  }

  @Test
  void theHostWindowSummaryCarriesItAndAFormatOneSummaryStillDecodes() throws Exception {
    HostWindows windows = new HostWindows();
    List<HostWindows.Closed> closed = new ArrayList<>();
    for (int s = 1; s <= 11; s++) {
      windows.add(Samples.withDevices(Samples.host("h", "p", s, T0.plusSeconds(s), 2, 1, 50),
          List.of(disk("nvme0n1", 1e9, 1e9)),
          List.of(new FilesystemSample("/scratch", "/dev/nvme0n1p1", "xfs", 100L, 40L + s)),
          List.of(nic("eth0", 1e9, 2e9, 100_000L))), closed::add);
    }
    HostWindowSummary summary = closed.get(0).summary();
    ObjectNode json = Json.mapper().valueToTree(summary);
    json.remove("resources");
    json.put("format_version", 1);
    // Formats 1 and 2 carried per-GPU aggregates, which format 3 dropped: they are ignored.
    json.putArray("gpus").addObject().put("index", 0).put("uuid", "GPU-0")
        .putObject("metrics").putObject("gpu_util_pct").put("mean", 50.0);

    HostWindowSummary old = Json.mapper().treeToValue(json, HostWindowSummary.class);

    assertThat(summary.formatVersion()).isEqualTo(HostWindowSummary.FORMAT_VERSION);
    // Samples.host: the busy GPU uses 20 GiB of 80, the idle one 0.
    assertThat(summary.resources()).isEqualTo(new HostWindowSummary.Resources(20 * GIB,
        160 * GIB, 50L, 100L, 2e9, 1, 16e9, 100e9));
    assertThat(old.formatVersion()).isEqualTo(1);
    assertThat(old.resources()).isNull();
    assertThat(old.hostId()).isEqualTo("h");
  }

  @Test
  void aNicRateAboveItsLinkSpeedIsRejectedCountedAndLeftOutOfThePeak() {
    SampleRejections rejections = new SampleRejections();
    HostResourceUse use = new HostResourceUse(rejections);

    use.add(Samples.withDevices(bare(1), List.of(), List.of(),
        List.of(nic("eth0", 1e9, 2e9, 100_000L))));
    // A reset read as a 64-bit wrap by an older agent: 1.8e19 bytes in one second.
    use.add(Samples.withDevices(bare(2), List.of(), List.of(),
        List.of(nic("eth0", 1e9, 1.8e19, 100_000L))));
    use.add(Samples.withDevices(bare(3), List.of(), List.of(),
        List.of(nic("eth0", 1e9, 1.5e9, 100_000L))));
    HostWindowSummary.Resources r = use.summary();

    assertThat(r.nicBitsPerSecond()).isEqualTo(8 * 2e9);
    assertThat(r.nicLinkBitsPerSecond()).isEqualTo(100e9);
    assertThat(rejections.count(SampleRejections.Reason.NIC_ABOVE_LINK_SPEED)).isEqualTo(1.0);
    assertThat(rejections.total()).isEqualTo(1.0);
  }

  @Test
  void aDiskRateNoDeviceCanReachIsRejectedButTheDiskStillCounts() {
    SampleRejections rejections = new SampleRejections();
    HostResourceUse use = new HostResourceUse(rejections);

    use.add(Samples.withDevices(bare(1), List.of(disk("nvme0n1", 1e9, 0.5e9)), List.of(),
        List.of()));
    // 2^32 sectors * 512 bytes in one second: a 32-bit wrap that was a reset.
    use.add(Samples.withDevices(bare(2), List.of(disk("nvme0n1", 2.2e12, 0.0),
        disk("nvme1n1", 1e9, 1e9)), List.of(), List.of()));
    use.add(Samples.withDevices(bare(3), List.of(disk("nvme0n1", Double.NaN, 0.0)), List.of(),
        List.of()));
    use.add(Samples.withDevices(bare(4), List.of(disk("nvme0n1", -5.0, 0.0)), List.of(),
        List.of()));
    HostWindowSummary.Resources r = use.summary();

    assertThat(r.diskBytesPerSecond()).isEqualTo(1.5e9);
    assertThat(r.disks()).isEqualTo(2);
    assertThat(rejections.count(SampleRejections.Reason.DISK_ABOVE_DEVICE_MAXIMUM)).isEqualTo(1.0);
    assertThat(rejections.count(SampleRejections.Reason.NOT_FINITE)).isEqualTo(1.0);
    assertThat(rejections.count(SampleRejections.Reason.NEGATIVE)).isEqualTo(1.0);
  }
}
