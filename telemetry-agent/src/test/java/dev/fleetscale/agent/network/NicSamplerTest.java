package dev.fleetscale.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscale.agent.kernel.FakeKernel;
import dev.fleetscale.agent.rate.RateGuard;
import dev.fleetscale.contracts.telemetry.NicKind;
import dev.fleetscale.contracts.telemetry.NicSample;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NicSamplerTest {

  private static final long SECOND = 1_000_000_000L;
  private static final String HEADER1 =
      "Inter-|   Receive                                                |  Transmit";
  private static final String HEADER2 =
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs"
          + " drop fifo colls carrier compressed";
  private static final String LO =
      "    lo:   49002     297    0    0    0     0          0         0    49002     297    0"
          + "    0    0     0       0          0";
  private static final String IB0 =
      "   ib0:  1000000    100    0    0    0     0          0         0  2000000     200    0"
          + "    0    0     0       0          0";

  @TempDir Path dir;
  private FakeKernel kernel;
  private NicSampler sampler;

  @BeforeEach
  void setUp() {
    kernel = FakeKernel.copyInto(dir);
    sampler = new NicSampler(kernel.paths(), Pattern.compile("lo|veth.*"));
  }

  @Test
  void firstSampleHasNoRates() throws Exception {
    assertThat(sampler.sample(SECOND)).isEmpty();
  }

  @Test
  void ratesAcrossA32BitAndA64BitWrap() throws Exception {
    sampler.sample(SECOND);
    // rx 4294967000 -> 704 (32-bit driver counter), tx 18446744073709551000 -> 384 (64-bit):
    // +1000 bytes each; packets +10 / +20; errors and drops are passed through as counters
    kernel.write(
        "proc/net/dev",
        HEADER1,
        HEADER2,
        LO,
        "  eth0: 704  1010    2    3    0     0          0         0 384    2020    4    5    0"
            + "     0       0          0",
        IB0);

    NicSample eth0 = find(sampler.sample(3 * SECOND), "eth0");

    assertThat(eth0.kind()).isEqualTo(NicKind.ETHERNET);
    assertThat(eth0.rxBytesPerSecond()).isCloseTo(500.0, within(1e-9));
    assertThat(eth0.txBytesPerSecond()).isCloseTo(500.0, within(1e-9));
    assertThat(eth0.rxPacketsPerSecond()).isCloseTo(5.0, within(1e-9));
    assertThat(eth0.txPacketsPerSecond()).isCloseTo(10.0, within(1e-9));
    assertThat(eth0.rxErrors()).isEqualTo(2);
    assertThat(eth0.txErrors()).isEqualTo(4);
    assertThat(eth0.rxDrops()).isEqualTo(3);
    assertThat(eth0.txDrops()).isEqualTo(5);
    assertThat(eth0.linkSpeedMbps()).isEqualTo(25_000);
  }

  private static String eth0(long rxBytes, long rxPackets, long txBytes, long txPackets) {
    return "  eth0: " + rxBytes + " " + rxPackets + " 2 3 0 0 0 0 " + txBytes + " " + txPackets
        + " 4 5 0 0 0 0";
  }

  @Test
  void aNicResetMidStreamGivesNoRateForThatIntervalAndCountsFromTheNewValuesAfter()
      throws Exception {
    RateGuard guard = new RateGuard();
    sampler = new NicSampler(kernel.paths(), Pattern.compile("lo|veth.*"), guard);
    kernel.write("proc/net/dev", HEADER1, HEADER2,
        eth0(123_456_789_012L, 90_000_000, 98_765_432_101L, 80_000_000));
    sampler.sample(SECOND);
    // The driver reloads: every counter starts again from a few kilobytes.
    kernel.write("proc/net/dev", HEADER1, HEADER2, eth0(5000, 10, 7000, 20));

    NicSample reset = find(sampler.sample(2 * SECOND), "eth0");

    assertThat(reset.rxBytesPerSecond()).isNull();
    assertThat(reset.txBytesPerSecond()).isNull();
    assertThat(reset.rxPacketsPerSecond()).isNull();
    assertThat(reset.txPacketsPerSecond()).isNull();
    assertThat(reset.utilizationPercent()).isNull();
    assertThat(reset.linkSpeedMbps()).isEqualTo(25_000);
    assertThat(guard.resets()).isEqualTo(4);

    kernel.write("proc/net/dev", HEADER1, HEADER2, eth0(1_005_000, 110, 2_007_000, 220));
    NicSample after = find(sampler.sample(3 * SECOND), "eth0");
    assertThat(after.rxBytesPerSecond()).isCloseTo(1_000_000.0, within(1e-9));
    assertThat(after.txBytesPerSecond()).isCloseTo(2_000_000.0, within(1e-9));
    assertThat(after.rxPacketsPerSecond()).isCloseTo(100.0, within(1e-9));
    assertThat(guard.resets()).isEqualTo(4);
  }

  @Test
  void aRateAboveTheLinkSpeedIsClampedToItAndCounted() throws Exception {
    RateGuard guard = new RateGuard();
    sampler = new NicSampler(kernel.paths(), Pattern.compile("lo|veth.*"), guard);
    kernel.write("proc/net/dev", HEADER1, HEADER2, eth0(1000, 1, 1000, 1));
    sampler.sample(SECOND);
    // +1 TB received in 1 s on a 25 Gb/s link (3.125 GB/s): no such link.
    kernel.write("proc/net/dev", HEADER1, HEADER2, eth0(1_000_000_001_000L, 2, 1000, 1));

    NicSample eth0 = find(sampler.sample(2 * SECOND), "eth0");

    assertThat(eth0.rxBytesPerSecond()).isEqualTo(25_000 * 1e6 / 8);
    assertThat(eth0.utilizationPercent()).isCloseTo(100.0, within(1e-9));
    assertThat(eth0.txBytesPerSecond()).isZero();
    assertThat(guard.clamped()).isEqualTo(1);
    assertThat(guard.resets()).isZero();
  }

  @Test
  void utilizationIsTheBusierDirectionOverTheLinkSpeed() throws Exception {
    sampler.sample(SECOND);
    // ib0 (100 Gbit/s) transmits 1.25e9 bytes in 1 s = 10 Gbit/s = 10 %
    kernel.write(
        "proc/net/dev",
        HEADER1,
        HEADER2,
        "   ib0:  1000100    101    0    0    0     0          0         0  1252000000     300    0"
            + "    0    0     0       0          0");

    NicSample ib0 = find(sampler.sample(2 * SECOND), "ib0");

    assertThat(ib0.kind()).isEqualTo(NicKind.INFINIBAND);
    assertThat(ib0.utilizationPercent()).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void aLinkThatIsDownHasNoSpeedAndNoUtilization() throws Exception {
    kernel.write("sys/class/net/eth0/speed", "-1");
    sampler.sample(SECOND);
    NicSample eth0 = find(sampler.sample(2 * SECOND), "eth0");
    assertThat(eth0.linkSpeedMbps()).isNull();
    assertThat(eth0.utilizationPercent()).isNull();
  }

  @Test
  void infinibandPortCountersAreFourOctetWordsAndExcludedInterfacesAreSkipped() throws Exception {
    sampler.sample(SECOND);
    String counters = "sys/class/infiniband/mlx5_0/ports/1/counters/";
    kernel.write(counters + "port_rcv_data", "1250"); // +250 words = 1000 bytes
    kernel.write(counters + "port_xmit_data", "2500"); // +500 words = 2000 bytes
    kernel.write(counters + "port_rcv_packets", "15");

    List<NicSample> samples = sampler.sample(2 * SECOND);

    assertThat(samples).extracting(NicSample::interfaceName)
        .containsExactly("eth0", "ib0", "mlx5_0/1");
    NicSample port = find(samples, "mlx5_0/1");
    assertThat(port.kind()).isEqualTo(NicKind.INFINIBAND);
    assertThat(port.rxBytesPerSecond()).isCloseTo(1000.0, within(1e-9));
    assertThat(port.txBytesPerSecond()).isCloseTo(2000.0, within(1e-9));
    assertThat(port.rxPacketsPerSecond()).isCloseTo(5.0, within(1e-9));
    assertThat(port.linkSpeedMbps()).isEqualTo(200_000);
    assertThat(port.txDrops()).isEqualTo(7);
    assertThat(port.txErrors()).isNull();
  }

  @Test
  void aVanishedInterfaceIsDroppedAndANewOneWaitsForItsSecondReading() throws Exception {
    sampler.sample(SECOND);
    String eth1 =
        "  eth1: 100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0";
    kernel.write("proc/net/dev", HEADER1, HEADER2, IB0, eth1);
    assertThat(sampler.sample(2 * SECOND)).extracting(NicSample::interfaceName)
        .containsExactly("ib0", "mlx5_0/1");

    kernel.write("proc/net/dev", HEADER1, HEADER2, IB0, eth1.replace("eth1: 100", "eth1: 300"));
    NicSample added = find(sampler.sample(3 * SECOND), "eth1");
    assertThat(added.rxBytesPerSecond()).isCloseTo(200.0, within(1e-9));
    assertThat(added.linkSpeedMbps()).isNull();
  }

  @Test
  void rateFileParsing() {
    kernel.write("r1", "2.5 Gb/sec (1X SDR)");
    kernel.write("r2", "garbage");
    assertThat(InfinibandReader.rateMbps(dir.resolve("r1"))).isEqualTo(2500);
    assertThat(InfinibandReader.rateMbps(dir.resolve("r2"))).isNull();
  }

  private static NicSample find(List<NicSample> samples, String name) {
    return samples.stream()
        .filter(s -> s.interfaceName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + samples));
  }
}
