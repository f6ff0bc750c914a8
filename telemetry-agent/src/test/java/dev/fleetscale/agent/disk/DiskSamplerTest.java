package dev.fleetscale.agent.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscale.agent.kernel.FakeKernel;
import dev.fleetscale.agent.rate.RateGuard;
import dev.fleetscale.contracts.telemetry.DiskSample;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSamplerTest {

  private static final long SECOND = 1_000_000_000L;
  private static final Pattern LOOP_AND_RAM = Pattern.compile("(loop|ram|zram|sr)\\d+");

  @TempDir Path dir;
  private FakeKernel kernel;
  private DiskSampler sampler;

  @BeforeEach
  void setUp() {
    kernel = FakeKernel.copyInto(dir);
    sampler = new DiskSampler(kernel.paths(), LOOP_AND_RAM);
  }

  @Test
  void firstSampleHasNoRates() throws Exception {
    assertThat(sampler.sample(SECOND)).isEmpty();
  }

  @Test
  void ratesComeFromCounterDeltasOverTheElapsedTime() throws Exception {
    sampler.sample(SECOND);
    kernel.write(
        "proc/diskstats",
        // +100 reads, +2000 sectors, +50 ms reading, +200 writes, +4000 sectors, +400 ms writing,
        // +1000 ms busy, +3000 weighted ms, over 2 s
        " 259       0 nvme0n1 1100 10 82000 550 2200 20 164000 4400 0 4000 7500 0 0 0 0 0 0",
        " 259       1 nvme0n1p1 900 10 72000 450 1800 20 150000 3600 0 2800 4000 0 0 0 0 0 0",
        " 259       2 nvme1n1 10 0 80 1 4294967000 0 8 10 0 4294967000 4294967200 0 0 0 0 0 0",
        "   8       0 sda 500 0 4000 100 100 0 800 50 0 150 150 0 0 0 0 0 0");

    List<DiskSample> samples = sampler.sample(3 * SECOND);

    DiskSample nvme = find(samples, "nvme0n1");
    assertThat(nvme.readBytesPerSecond()).isCloseTo(2000 * 512 / 2.0, within(1e-6));
    assertThat(nvme.writeBytesPerSecond()).isCloseTo(4000 * 512 / 2.0, within(1e-6));
    assertThat(nvme.readIops()).isCloseTo(50.0, within(1e-9));
    assertThat(nvme.writeIops()).isCloseTo(100.0, within(1e-9));
    assertThat(nvme.utilizationPercent()).isCloseTo(50.0, within(1e-9));
    assertThat(nvme.averageQueueDepth()).isCloseTo(1.5, within(1e-9));
    assertThat(nvme.averageReadLatencyMs()).isCloseTo(0.5, within(1e-9));
    assertThat(nvme.averageWriteLatencyMs()).isCloseTo(2.0, within(1e-9));
    DiskSample idle = find(samples, "sda");
    assertThat(idle.readIops()).isZero();
    assertThat(idle.averageReadLatencyMs()).isZero();
  }

  @Test
  void partitionsAndLoopDevicesAreNotSampledAndNvmeComesFirst() throws Exception {
    sampler.sample(SECOND);
    List<DiskSample> samples = sampler.sample(2 * SECOND);
    assertThat(samples).extracting(DiskSample::device).containsExactly("nvme0n1", "nvme1n1", "sda");
  }

  @Test
  void thirtyTwoBitMillisecondCountersThatWrapGiveTheTrueIncrease() throws Exception {
    sampler.sample(SECOND);
    kernel.write(
        "proc/diskstats",
        // writes 4294967000 -> 100 and busy 4294967000 -> 204: +396 and +500 across the 2^32 wrap
        " 259       2 nvme1n1 10 0 80 1 100 0 8 10 0 204 4294967200 0 0 0 0 0 0");

    DiskSample nvme1 = find(sampler.sample(2 * SECOND), "nvme1n1");

    assertThat(nvme1.writeIops()).isCloseTo(396.0, within(1e-9));
    assertThat(nvme1.utilizationPercent()).isCloseTo(50.0, within(1e-9));
  }

  @Test
  void aDiskWhoseCountersResetMidStreamHasNoRatesForThatIntervalAndIsCounted() throws Exception {
    RateGuard guard = new RateGuard();
    sampler = new DiskSampler(kernel.paths(), LOOP_AND_RAM, 4e9, guard);
    sampler.sample(SECOND);
    // nvme0n1 is re-created under the same name (controller reset): its counters restart.
    kernel.write(
        "proc/diskstats",
        " 259       0 nvme0n1 3 0 24 1 2 0 16 1 0 2 2 0 0 0 0 0 0",
        "   8       0 sda 510 0 4080 101 100 0 800 50 0 151 151 0 0 0 0 0 0");

    List<DiskSample> samples = sampler.sample(2 * SECOND);

    DiskSample nvme = find(samples, "nvme0n1");
    assertThat(nvme.readBytesPerSecond()).isNull();
    assertThat(nvme.writeBytesPerSecond()).isNull();
    assertThat(nvme.readIops()).isNull();
    assertThat(nvme.writeIops()).isNull();
    assertThat(nvme.utilizationPercent()).isNull();
    assertThat(nvme.averageQueueDepth()).isNull();
    assertThat(nvme.averageReadLatencyMs()).isNull();
    assertThat(nvme.averageWriteLatencyMs()).isNull();
    assertThat(guard.resets()).isEqualTo(8);
    // The other disk is unaffected.
    assertThat(find(samples, "sda").readIops()).isCloseTo(10.0, within(1e-9));

    kernel.write(
        "proc/diskstats",
        " 259       0 nvme0n1 13 0 104 2 2 0 16 1 0 3 3 0 0 0 0 0 0",
        "   8       0 sda 510 0 4080 101 100 0 800 50 0 151 151 0 0 0 0 0 0");
    DiskSample after = find(sampler.sample(3 * SECOND), "nvme0n1");
    assertThat(after.readIops()).isCloseTo(10.0, within(1e-9));
    assertThat(after.readBytesPerSecond()).isCloseTo(80 * 512.0, within(1e-9));
    assertThat(guard.resets()).isEqualTo(8);
  }

  @Test
  void aRateAboveTheConfiguredBandwidthIsClampedToItAndCounted() throws Exception {
    RateGuard guard = new RateGuard();
    sampler = new DiskSampler(kernel.paths(), LOOP_AND_RAM, 4e9, guard);
    sampler.sample(SECOND);
    // +1e9 sectors (512 GB) read in 1 s by a disk configured for 4 GB/s.
    kernel.write(
        "proc/diskstats",
        " 259       0 nvme0n1 1100 10 1000080000 550 2000 20 160000 4000 0 3500 5000 0 0 0 0 0 0");

    DiskSample nvme = find(sampler.sample(2 * SECOND), "nvme0n1");

    assertThat(nvme.readBytesPerSecond()).isEqualTo(4e9);
    assertThat(nvme.writeBytesPerSecond()).isZero();
    assertThat(guard.clamped()).isEqualTo(1);
    assertThat(guard.resets()).isZero();
  }

  @Test
  void aDiskBandwidthThatIsNotPositiveIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new DiskSampler(kernel.paths(), LOOP_AND_RAM, 0, new RateGuard()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBytesPerSecond");
  }

  @Test
  void aVanishedDeviceIsDroppedAndGetsNoRateUntilItsSecondReadingAfterReturning()
      throws Exception {
    sampler.sample(SECOND);
    String sda = "   8       0 sda 600 0 4800 120 100 0 800 50 0 170 170 0 0 0 0 0 0";
    String nvme = " 259       0 nvme0n1 1000 10 80000 500 2000 20 160000 4000 0 3000 4500 0 0 0 0 0 0";
    kernel.write("proc/diskstats", nvme);
    assertThat(sampler.sample(2 * SECOND)).extracting(DiskSample::device).containsExactly("nvme0n1");

    kernel.write("proc/diskstats", nvme, sda);
    assertThat(sampler.sample(3 * SECOND)).extracting(DiskSample::device).containsExactly("nvme0n1");

    kernel.write("proc/diskstats", nvme, sda.replace("sda 600", "sda 700"));
    DiskSample back = find(sampler.sample(4 * SECOND), "sda");
    assertThat(back.readIops()).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void aHotPluggedDeviceAppearsFromItsSecondReading() throws Exception {
    sampler.sample(SECOND);
    kernel.write("sys/block/nvme2n1/size", "0");
    String newDisk = " 259       3 nvme2n1 5 0 40 1 0 0 0 0 0 1 1 0 0 0 0 0 0";
    kernel.write("proc/diskstats", newDisk);
    assertThat(sampler.sample(2 * SECOND)).isEmpty();

    kernel.write("proc/diskstats", newDisk.replace("nvme2n1 5", "nvme2n1 15"));
    assertThat(find(sampler.sample(3 * SECOND), "nvme2n1").readIops())
        .isCloseTo(10.0, within(1e-9));
  }

  private static DiskSample find(List<DiskSample> samples, String device) {
    return samples.stream()
        .filter(s -> s.device().equals(device))
        .findFirst()
        .orElseThrow(() -> new AssertionError(device + " not in " + samples));
  }
}
