package dev.fleetscale.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetscale.agent.kernel.FakeKernel;
import dev.fleetscale.contracts.telemetry.HostResources;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostResourceSamplerTest {

  @TempDir Path dir;

  @Test
  void firstSampleHasMemoryAndLoadButNoCpuUtilization() throws Exception {
    HostResources first = new HostResourceSampler(FakeKernel.copyInto(dir).paths()).sample();
    assertThat(first.cpuUtilizationPercent()).isNull();
    assertThat(first.cpuCount()).isEqualTo(2);
    assertThat(first.memoryTotalBytes()).isEqualTo(16_000_000L * 1024);
    assertThat(first.memoryUsedBytes()).isEqualTo(12_000_000L * 1024);
    assertThat(first.load1()).isEqualTo(0.52);
  }

  @Test
  void cpuUtilizationCountsIdleAndIowaitAsNotBusy() throws Exception {
    FakeKernel kernel = FakeKernel.copyInto(dir);
    HostResourceSampler sampler = new HostResourceSampler(kernel.paths());
    sampler.sample();
    // +300 user, +100 system, +500 idle, +100 iowait: 400 of 1000 jiffies busy
    kernel.write(
        "proc/stat",
        "cpu  1300 0 600 8500 600 0 0 0 0 0",
        "cpu0 650 0 300 4250 300 0 0 0 0 0",
        "cpu1 650 0 300 4250 300 0 0 0 0 0");

    assertThat(sampler.sample().cpuUtilizationPercent()).isCloseTo(40.0, within(1e-9));
  }
}
