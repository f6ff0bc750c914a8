package dev.fleetscale.agent.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reader's logic over a fake NVML: absent values, health, error counts, attribution, XIDs. */
class NvmlGpuReaderTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private final FakeNvmlCalls nvml = new FakeNvmlCalls();
  private final List<GpuHealthEvent> events = new ArrayList<>();
  private final ProcessAttributor attributor =
      pid -> pid == 42 ? Optional.of(new WorkloadRef(WorkloadKind.SLURM_JOB, "9001", null, null)) : Optional.empty();
  private final NvmlGpuReader reader = new NvmlGpuReader(nvml, attributor, events::add, CLOCK);

  @AfterEach
  void stop() {
    reader.stop();
  }

  private void gpu(int index, String uuid) {
    nvml.deviceCount = Math.max(nvml.deviceCount, index + 1);
    nvml.value("nvmlDeviceGetUUID", index, uuid).value("nvmlDeviceGetPowerUsage", index, 350_500L);
  }

  @Test
  void convertsUnitsAndAttributesProcesses() {
    gpu(0, "GPU-0");
    nvml.value("nvmlDeviceGetPcieThroughput:" + Nvml.NVML_PCIE_UTIL_TX_BYTES, 0, 2L)
        .value("nvmlDeviceGetMigMode", 0, new NvmlCalls.MigMode(1, 1))
        .value("nvmlDeviceGetComputeRunningProcesses_v3", 0,
            List.of(new NvmlCalls.ProcessInfo(42, 1024L, null, null), new NvmlCalls.ProcessInfo(7, null, null, null)));
    reader.start();

    GpuSample sample = reader.readSamples().get(0);

    assertThat(sample.powerUsageWatts()).isEqualTo(350.5);
    assertThat(sample.pcieTxBytesPerSecond()).isEqualTo(2048L);
    assertThat(sample.migModeEnabled()).isTrue();
    assertThat(sample.processes()).hasSize(2);
    assertThat(sample.processes().get(0).workload().id()).isEqualTo("9001");
    assertThat(sample.processes().get(1).workload()).isNull();
    assertThat(sample.processes().get(1).usedMemoryBytes()).isNull();
  }

  @Test
  void notSupportedLeavesTheFieldAbsentAndIsCounted() {
    gpu(0, "GPU-0");
    reader.start();

    GpuReading reading = reader.read().get(0);
    reader.read();

    assertThat(reading.health()).isEqualTo(GpuHealth.OK);
    assertThat(reading.sample().fanSpeedPercent()).isNull();
    assertThat(reading.sample().temperatureC()).isNull();
    assertThat(reading.failedCalls()).containsEntry("nvmlDeviceGetFanSpeed", "NOT_SUPPORTED");
    assertThat(reader.errorCounts()).containsEntry(new NvmlCallError("nvmlDeviceGetFanSpeed", "NOT_SUPPORTED"), 2L);
  }

  @Test
  void lostGpuIsMarkedReportedOnceAndTheOthersAreStillRead() {
    gpu(0, "GPU-0");
    gpu(1, "GPU-1");
    reader.start();
    reader.read();
    nvml.error("nvmlDeviceGetPowerUsage", 0, Nvml.NVML_ERROR_GPU_IS_LOST);

    List<GpuReading> first = reader.read();
    List<GpuReading> second = reader.read();

    assertThat(first.get(0).health()).isEqualTo(GpuHealth.LOST);
    assertThat(first.get(0).sample().uuid()).isEqualTo("GPU-0");
    assertThat(first.get(0).sample().health()).isEqualTo(GpuHealth.LOST);
    assertThat(first.get(0).sample().powerUsageWatts()).isNull();
    assertThat(first.get(1).health()).isEqualTo(GpuHealth.OK);
    assertThat(first.get(1).sample().powerUsageWatts()).isEqualTo(350.5);
    assertThat(second.get(0).health()).isEqualTo(GpuHealth.LOST);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.index()).isZero();
      assertThat(e.uuid()).isEqualTo("GPU-0");
      assertThat(e.current()).isEqualTo(GpuHealth.LOST);
      assertThat(e.reason()).contains("nvmlDeviceGetPowerUsage").contains("GPU_IS_LOST");
      assertThat(e.at()).isEqualTo(CLOCK.instant());
    });
  }

  @Test
  void recoveryIsReported() {
    gpu(0, "GPU-0");
    reader.start();
    nvml.error("nvmlDeviceGetPowerUsage", 0, Nvml.NVML_ERROR_GPU_IS_LOST);
    reader.read();
    nvml.clearError("nvmlDeviceGetPowerUsage", 0);

    assertThat(reader.read().get(0).health()).isEqualTo(GpuHealth.OK);
    assertThat(events).extracting(GpuHealthEvent::current).containsExactly(GpuHealth.LOST, GpuHealth.OK);
  }

  @Test
  void gpuWithoutReadableUuidHasNoSampleButAHealthEvent() {
    nvml.deviceCount = 1;
    nvml.error("nvmlDeviceGetUUID", 0, Nvml.NVML_ERROR_UNKNOWN);
    reader.start();

    GpuReading reading = reader.read().get(0);

    assertThat(reading.sample()).isNull();
    assertThat(reading.health()).isEqualTo(GpuHealth.ERROR);
    assertThat(reader.readSamples()).isEmpty();
    assertThat(events).extracting(GpuHealthEvent::current).containsExactly(GpuHealth.ERROR);
  }

  @Test
  void failedInitLeavesTheAgentWithoutGpusAndSaysWhy() {
    nvml.initCode = Nvml.NVML_ERROR_DRIVER_NOT_LOADED;
    gpu(0, "GPU-0");

    NvmlStatus status = reader.start();

    assertThat(status.available()).isFalse();
    assertThat(status.reason()).contains("nvmlInit_v2").contains("DRIVER_NOT_LOADED");
    assertThat(reader.read()).isEmpty();
    reader.stop();
    assertThat(nvml.shutdowns).isZero();
  }

  @Test
  void initialisesOnceAndShutsDownOnce() {
    gpu(0, "GPU-0");

    reader.start();
    reader.start();
    reader.stop();
    reader.stop();

    assertThat(nvml.inits).isEqualTo(1);
    assertThat(nvml.shutdowns).isEqualTo(1);
    assertThat(nvml.eventSetFreed).isTrue();
    assertThat(reader.status().available()).isFalse();
  }

  @Test
  void xidsGoIntoTheNextSampleOnce() {
    gpu(0, "GPU-0");
    gpu(1, "GPU-1");
    nvml.error("nvmlDeviceRegisterEvents", 1, Nvml.NVML_ERROR_NOT_SUPPORTED);
    assertThat(reader.start().xidEvents()).isTrue();

    nvml.raiseXid(0, 79);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(reader.readSamples().get(0).xids()).extracting(x -> x.xid()).containsExactly(79L));
    List<GpuSample> next = reader.readSamples();
    assertThat(next.get(0).xids()).isEmpty();
    assertThat(next.get(1).xids()).as("not registered: unknown, not none").isNull();
  }

  @Test
  void unavailableLibraryReportsItsReason() {
    NvmlGpuReader withoutLibrary = NvmlGpuReader.create(
        NvmlLibrary.load("/nonexistent/libnvidia-ml.so.1"), ProcessAttributor.NONE, GpuHealthListener.IGNORE, CLOCK);

    NvmlStatus status = withoutLibrary.start();

    assertThat(status.available()).isFalse();
    assertThat(status.reason()).contains("/nonexistent/libnvidia-ml.so.1");
    assertThat(withoutLibrary.read()).isEmpty();
    withoutLibrary.stop();
  }

  /** A clock the test moves. */
  private static final class StepClock extends Clock {
    Instant now = Instant.parse("2026-01-02T03:04:05Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void theEnergyCounterIsCheckedAgainstThePowerLimitAndAResetIsCounted() {
    StepClock clock = new StepClock();
    NvmlGpuReader checked = new NvmlGpuReader(nvml, attributor, events::add, clock);
    gpu(0, "GPU-0");
    String energy = "nvmlDeviceGetTotalEnergyConsumption";
    // 700 W limit: at most 1400 J (1,400,000 mJ) a second passes the check.
    nvml.value("nvmlDeviceGetEnforcedPowerLimit", 0, 700_000L).value(energy, 0, 9_000_000_000L);
    checked.start();
    try {
      assertThat(checked.readSamples().get(0).totalEnergyMillijoules()).isEqualTo(9_000_000_000L);

      clock.now = clock.now.plusSeconds(1);
      nvml.value(energy, 0, 9_000_500_000L); // 500 J in 1 s: 500 W
      assertThat(checked.readSamples().get(0).totalEnergyMillijoules()).isEqualTo(9_000_500_000L);

      clock.now = clock.now.plusSeconds(1);
      nvml.value(energy, 0, 9_900_000_000L); // 900 kJ in 1 s: no board draws 900 kW
      assertThat(checked.readSamples().get(0).totalEnergyMillijoules()).isNull();
      assertThat(checked.counterChecks().clamped()).isEqualTo(1);

      clock.now = clock.now.plusSeconds(1);
      nvml.value(energy, 0, 400_000L); // the driver was reloaded: counts again from the reload
      assertThat(checked.readSamples().get(0).totalEnergyMillijoules()).isEqualTo(400_000L);
      assertThat(checked.counterChecks().resets()).isEqualTo(1);

      clock.now = clock.now.plusSeconds(1);
      nvml.value(energy, 0, 900_000L);
      assertThat(checked.readSamples().get(0).totalEnergyMillijoules()).isEqualTo(900_000L);
      assertThat(checked.counterChecks().resets()).isEqualTo(1);
      assertThat(checked.counterChecks().clamped()).isEqualTo(1);
    } finally {
      checked.stop();
    }
  }

  @Test
  void thePcieReplayCounterWrapsNearTwoToThe32AndIsOtherwiseResetWhenItGoesDown() {
    StepClock clock = new StepClock();
    NvmlGpuReader checked = new NvmlGpuReader(nvml, attributor, events::add, clock);
    gpu(0, "GPU-0");
    String replays = "nvmlDeviceGetPcieReplayCounter";
    nvml.value(replays, 0, 4_294_967_290L);
    checked.start();
    try {
      checked.readSamples();
      clock.now = clock.now.plusSeconds(1);
      nvml.value(replays, 0, 4L); // +10 across the 32-bit wrap
      assertThat(checked.readSamples().get(0).pcieReplayCount()).isEqualTo(4L);
      assertThat(checked.counterChecks().resets()).isZero();

      clock.now = clock.now.plusSeconds(1);
      nvml.value(replays, 0, 1_000L);
      checked.readSamples();
      clock.now = clock.now.plusSeconds(1);
      nvml.value(replays, 0, 3L); // far from the maximum: a reset, not a wrap
      assertThat(checked.readSamples().get(0).pcieReplayCount()).isEqualTo(3L);
      assertThat(checked.counterChecks().resets()).isEqualTo(1);
    } finally {
      checked.stop();
    }
  }
}
