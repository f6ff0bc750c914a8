package dev.fleetscale.agent.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import dev.fleetscale.testkit.nvml.NvmlScenario;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JNA binding end to end against the testkit's stub libnvidia-ml, which has the driver's signatures and
 * struct layouts. The library is loaded by explicit path, so no test depends on jna.library.path.
 */
class NvmlBindingStubTest {

  @TempDir Path dir;
  Path file;
  NvmlScenario scenario;
  final List<GpuHealthEvent> events = new ArrayList<>();
  NvmlGpuReader reader;

  @BeforeEach
  void scenario() {
    file = dir.resolve("scenario.properties");
    scenario = NvmlScenario.create().driverVersion("550.54.15").nvmlVersion("12.550.54.15").typicalH200(0).typicalH200(1);
    scenario.writeTo(file);
    StubControl.useScenario(StubControl.current(), file);
  }

  @AfterEach
  void stop() {
    if (reader != null) {
      reader.stop();
    }
    StubControl.useScenario(StubControl.current(), null);
  }

  private NvmlGpuReader start(String libraryDirectory, ProcessAttributor attributor) {
    reader = NvmlGpuReader.create(NvmlLibrary.load(libraryDirectory), attributor, events::add, Clock.systemUTC());
    reader.start();
    return reader;
  }

  @Test
  void readsEveryBoundField() {
    NvmlStatus status = start(StubControl.current(), ProcessAttributor.NONE).status();
    assertThat(status).isEqualTo(new NvmlStatus(true, null, "550.54.15", "12.550.54.15", 2, true));

    GpuSample s = reader.readSamples().get(1);

    assertThat(s.index()).isEqualTo(1);
    assertThat(s.uuid()).isEqualTo("GPU-00000001-1111-2222-3333-444455556666");
    assertThat(s.name()).isEqualTo("NVIDIA H200");
    assertThat(s.pciBusId()).isEqualTo("00000000:19:00.0");
    assertThat(s.health()).isEqualTo(GpuHealth.OK);
    assertThat(s.gpuUtilizationPercent()).isEqualTo(73.0);
    assertThat(s.memoryUtilizationPercent()).isEqualTo(41.0);
    assertThat(s.memoryTotalBytes()).isEqualTo(150_754_820_096L);
    assertThat(s.memoryUsedBytes()).isEqualTo(80_530_636_800L);
    assertThat(s.memoryFreeBytes()).isEqualTo(150_754_820_096L - 566_231_040L - 80_530_636_800L);
    assertThat(s.powerUsageWatts()).isEqualTo(512.345);
    assertThat(s.powerLimitWatts()).isEqualTo(700.0);
    assertThat(s.totalEnergyMillijoules()).isEqualTo(9_876_543_210L);
    assertThat(s.temperatureC()).isEqualTo(61);
    assertThat(s.smClockMhz()).isEqualTo(1_980);
    assertThat(s.memoryClockMhz()).isEqualTo(3_201);
    assertThat(s.pcieTxBytesPerSecond()).isEqualTo(123_456L * 1024);
    assertThat(s.pcieRxBytesPerSecond()).isEqualTo(654_321L * 1024);
    assertThat(s.pcieReplayCount()).isEqualTo(2L);
    assertThat(s.eccVolatileCorrectedTotal()).isEqualTo(5L);
    assertThat(s.eccVolatileUncorrectedTotal()).isZero();
    assertThat(s.remappedRowsCorrectable()).isEqualTo(1L);
    assertThat(s.remappedRowsUncorrectable()).isZero();
    assertThat(s.remappedRowsPending()).isFalse();
    assertThat(s.remappedRowsFailure()).isFalse();
    assertThat(s.clocksEventReasons()).isEqualTo(0x4L);
    assertThat(s.performanceState()).isZero();
    assertThat(s.fanSpeedPercent()).as("H200 boards are passively cooled").isNull();
    assertThat(s.migModeEnabled()).isFalse();
    assertThat(s.processes()).isEmpty();
    assertThat(s.xids()).isEmpty();
  }

  @Test
  void bindingLevelValuesNeedNoConversion() {
    scenario.device(0, d -> d.remappedRows(3, 4, true, true).migMode(1, 0).performanceState(32)).writeTo(file);
    NvmlLibrary library = NvmlLibrary.load(StubControl.current());
    JnaNvmlCalls calls = new JnaNvmlCalls(library);
    assertThat(calls.init()).isZero();
    try {
      NvmlCalls.PciInfo pci = calls.pciInfo(0).value();
      assertThat(pci).isEqualTo(new NvmlCalls.PciInfo("00000000:18:00.0", "0000:18:00.0", 0, 0x18, 0, 0x233510DEL, 0x18B010DEL));
      assertThat(calls.memoryInfo(0).value().reservedBytes()).isEqualTo(566_231_040L);
      assertThat(calls.remappedRows(0).value()).isEqualTo(new NvmlCalls.RemappedRows(3, 4, true, true));
      assertThat(calls.migMode(0).value()).isEqualTo(new NvmlCalls.MigMode(1, 0));
      assertThat(calls.performanceState(0)).as("NVML_PSTATE_UNKNOWN is no value").isEqualTo(
          NvmlResult.success("nvmlDeviceGetPerformanceState", null));
      assertThat(calls.errorString(Nvml.NVML_ERROR_GPU_IS_LOST)).isEqualTo("GPU is lost");
    } finally {
      calls.shutdown();
    }
  }

  @Test
  void notSupportedAndForcedErrorsLeaveFieldsAbsent() {
    scenario.device(0, d -> d.remove("temperature.gpu"))
        .error("nvmlDeviceGetEnforcedPowerLimit", Nvml.NVML_ERROR_NO_PERMISSION)
        .writeTo(file);
    start(StubControl.current(), ProcessAttributor.NONE);

    List<GpuReading> readings = reader.read();

    assertThat(readings.get(0).sample().temperatureC()).isNull();
    assertThat(readings.get(1).sample().temperatureC()).isEqualTo(61);
    assertThat(readings).allSatisfy(r -> assertThat(r.sample().powerLimitWatts()).isNull());
    assertThat(readings.get(0).failedCalls())
        .containsEntry("nvmlDeviceGetTemperature", "NOT_SUPPORTED")
        .containsEntry("nvmlDeviceGetEnforcedPowerLimit", "NO_PERMISSION");
    assertThat(reader.errorCounts()).containsEntry(new NvmlCallError("nvmlDeviceGetEnforcedPowerLimit", "NO_PERMISSION"), 2L);
  }

  @Test
  void lostGpuIsUnhealthyWithAnEventAndTheOtherGpuIsStillSampled() {
    start(StubControl.current(), ProcessAttributor.NONE);
    reader.read();
    scenario.error("nvmlDeviceGetPowerUsage", 1, Nvml.NVML_ERROR_GPU_IS_LOST).writeTo(file);

    List<GpuReading> readings = reader.read();

    assertThat(readings.get(1).health()).isEqualTo(GpuHealth.LOST);
    assertThat(readings.get(1).sample().health()).isEqualTo(GpuHealth.LOST);
    assertThat(readings.get(1).sample().uuid()).isEqualTo("GPU-00000001-1111-2222-3333-444455556666");
    assertThat(readings.get(0).health()).isEqualTo(GpuHealth.OK);
    assertThat(readings.get(0).sample().powerUsageWatts()).isEqualTo(512.345);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.index()).isEqualTo(1);
      assertThat(e.current()).isEqualTo(GpuHealth.LOST);
      assertThat(e.reason()).isEqualTo("nvmlDeviceGetPowerUsage: GPU_IS_LOST (GPU is lost)");
    });
  }

  @Test
  void valuesChangeWhileRunning() {
    start(StubControl.current(), ProcessAttributor.NONE);
    assertThat(reader.readSamples().get(0).temperatureC()).isEqualTo(61);

    scenario.device(0, d -> d.temperatureGpu(88)).writeTo(file);

    assertThat(reader.readSamples().get(0).temperatureC()).isEqualTo(88);
  }

  @Test
  void driverNotLoadedAtInitMeansNoGpusAndAReason() {
    scenario.error("nvmlInit_v2", Nvml.NVML_ERROR_DRIVER_NOT_LOADED).writeTo(file);

    NvmlStatus status = start(StubControl.current(), ProcessAttributor.NONE).status();

    assertThat(status.available()).isFalse();
    assertThat(status.reason()).isEqualTo("nvmlInit_v2: DRIVER_NOT_LOADED (Driver Not Loaded)");
    assertThat(reader.read()).isEmpty();
  }

  @Test
  void missingLibraryIsUnavailableWithoutException(@TempDir Path empty) {
    for (String location : List.of(empty.toString(), "no-such-nvml-library", empty.resolve("libnvidia-ml.so.1").toString())) {
      NvmlLibrary library = NvmlLibrary.load(location);

      assertThat(library.available()).as(location).isFalse();
      assertThat(library.unavailableReason()).as(location).contains("could not be loaded");
      NvmlGpuReader withoutLibrary = NvmlGpuReader.create(library, ProcessAttributor.NONE, events::add, Clock.systemUTC());
      assertThat(withoutLibrary.start().reason()).isEqualTo(library.unavailableReason());
      assertThat(withoutLibrary.read()).isEmpty();
      withoutLibrary.stop();
    }
  }

  @Test
  void aLibraryWithoutNvmlIsUnavailable() {
    // libm loads everywhere and has no nvmlInit_v2 (not libc: JNA opens "c" as the whole process, stub included)
    NvmlLibrary library = NvmlLibrary.load("m");

    assertThat(library.available()).isFalse();
    assertThat(library.unavailableReason()).contains("not an NVML library");
  }

  @Test
  void manyProcessesGoThroughTheCountProtocol() {
    Map<Integer, Long> processes = new LinkedHashMap<>();
    for (int pid = 1000; pid < 1000 + 3 * JnaNvmlCalls.PROCESS_HEADROOM + 5; pid++) {
      processes.put(pid, pid * 1_048_576L);
    }
    scenario.device(0, d -> d.processes(processes)).device(1, d -> d.processes("77:na:2:0")).writeTo(file);
    WorkloadRef job = new WorkloadRef(WorkloadKind.SLURM_JOB, "4242", null, null);
    start(StubControl.current(), pid -> pid == 1003 ? Optional.of(job) : Optional.empty());

    List<GpuSample> samples = reader.readSamples();

    assertThat(samples.get(0).processes()).hasSize(processes.size());
    assertThat(samples.get(0).processes().get(3).pid()).isEqualTo(1003);
    assertThat(samples.get(0).processes().get(3).usedMemoryBytes()).isEqualTo(1003 * 1_048_576L);
    assertThat(samples.get(0).processes().get(3).workload()).isEqualTo(job);
    assertThat(samples.get(1).processes()).singleElement().satisfies(p -> {
      assertThat(p.pid()).isEqualTo(77);
      assertThat(p.usedMemoryBytes()).as("NVML_VALUE_NOT_AVAILABLE is absent").isNull();
    });
  }

  @Test
  void processBufferTooSmallIsRetriedAtTheBindingLevel() {
    scenario.device(0, d -> d.processes("1:10,2:20,3:30")).writeTo(file);
    NvmlLibrary library = NvmlLibrary.load(StubControl.current());
    Nvml nvml = library.nvml();
    assertThat(nvml.nvmlInit_v2()).isZero();
    try {
      com.sun.jna.ptr.PointerByReference handle = new com.sun.jna.ptr.PointerByReference();
      assertThat(nvml.nvmlDeviceGetHandleByIndex_v2(0, handle)).isZero();
      com.sun.jna.Memory count = new com.sun.jna.Memory(4);
      count.setInt(0, 2);
      com.sun.jna.Memory two = new com.sun.jna.Memory(2L * new Nvml.nvmlProcessInfo_t().size());

      assertThat(NvmlDirect.nvmlDeviceGetComputeRunningProcesses_v3(handle.getValue(), count, two))
          .isEqualTo(Nvml.NVML_ERROR_INSUFFICIENT_SIZE);
      assertThat(count.getInt(0)).isEqualTo(3);
    } finally {
      nvml.nvmlShutdown();
    }
  }

  @Test
  void xidEventIsDeliveredIntoTheNextSample() {
    start(StubControl.current(), ProcessAttributor.NONE);
    assertThat(reader.readSamples().get(1).xids()).isEmpty();

    scenario.device(1, d -> d.xids(79)).writeTo(file);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(reader.readSamples().get(1).xids()).extracting(x -> x.xid()).containsExactly(79L));
    assertThat(reader.readSamples().get(1).xids()).as("delivered once").isEmpty();
  }

  @Test
  void oldDriverFallsBackToThrottleReasonsAndMemoryInfoV1() {
    StubControl.useScenario(StubControl.oldDriver(), file);
    try {
      NvmlLibrary library = NvmlLibrary.load(StubControl.oldDriver());
      assertThat(library.hasFunction("nvmlDeviceGetCurrentClocksEventReasons")).isFalse();
      start(StubControl.oldDriver(), ProcessAttributor.NONE);

      GpuReading reading = reader.read().get(0);

      assertThat(reading.sample().clocksEventReasons()).isEqualTo(0x4L);
      assertThat(reading.sample().memoryTotalBytes()).isEqualTo(150_754_820_096L);
      assertThat(reading.sample().memoryUsedBytes()).as("version 1 counts the reservation as used")
          .isEqualTo(80_530_636_800L + 566_231_040L);
      scenario.error("nvmlDeviceGetCurrentClocksThrottleReasons", Nvml.NVML_ERROR_UNKNOWN).writeTo(file);
      assertThat(reader.read().get(0).failedCalls()).containsEntry("nvmlDeviceGetCurrentClocksThrottleReasons", "UNKNOWN");
    } finally {
      reader.stop();
      reader = null;
      StubControl.useScenario(StubControl.oldDriver(), null);
    }
  }

  @Test
  void structLayoutsMatchNvmlH() {
    assertThat(new Nvml.nvmlMemory_v2_t().size() | 2 << 24).isEqualTo(Nvml.nvmlMemory_v2);
    assertThat(new Nvml.nvmlPciInfo_t().size()).isEqualTo(68);
    assertThat(new Nvml.nvmlProcessInfo_t().size()).isEqualTo(24);
    assertThat(new Nvml.nvmlEventData_t().size()).isEqualTo(32);
    assertThat(new Nvml.nvmlMemory_t().size()).isEqualTo(24);
  }
}
