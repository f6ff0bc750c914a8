package dev.fleetscale.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stub, loaded the way the agent loads the driver's library, through a minimal JNA interface. */
class NvmlStubTest {

  /** Just enough of nvml.h to prove the stub; the agent has the real binding. */
  public interface MiniNvml extends Library {
    int nvmlInit_v2();

    int nvmlShutdown();

    int nvmlStubSetScenarioPath(String path);

    int nvmlSystemGetDriverVersion(byte[] version, int length);

    int nvmlDeviceGetCount_v2(IntByReference count);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference milliwatts);

    int nvmlDeviceGetFanSpeed(Pointer device, IntByReference percent);

    int nvmlDeviceGetComputeRunningProcesses_v3(Pointer device, IntByReference count, ProcessInfo[] infos);

    @Structure.FieldOrder({"pid", "usedGpuMemory", "gpuInstanceId", "computeInstanceId"})
    class ProcessInfo extends Structure {
      public int pid;
      public long usedGpuMemory;
      public int gpuInstanceId;
      public int computeInstanceId;
    }
  }

  private static final MiniNvml NVML = Native.load(NvmlStub.libraryFile().toString(), MiniNvml.class);

  @TempDir
  Path dir;
  Path file;
  NvmlScenario scenario;

  @BeforeEach
  void init() {
    file = dir.resolve("scenario.properties");
    scenario = NvmlScenario.create().driverVersion("550.54.15").typicalH200(0).typicalH200(1);
    scenario.writeTo(file);
    assertThat(NVML.nvmlStubSetScenarioPath(file.toString())).isZero();
    assertThat(NVML.nvmlInit_v2()).isZero();
  }

  @AfterEach
  void shutdown() {
    NVML.nvmlShutdown();
    NVML.nvmlStubSetScenarioPath(null);
  }

  private static Pointer device(int index) {
    PointerByReference handle = new PointerByReference();
    assertThat(NVML.nvmlDeviceGetHandleByIndex_v2(index, handle)).isZero();
    return handle.getValue();
  }

  @Test
  void servesScenarioValues() {
    byte[] version = new byte[80];
    assertThat(NVML.nvmlSystemGetDriverVersion(version, version.length)).isZero();
    assertThat(Native.toString(version, StandardCharsets.US_ASCII.name())).isEqualTo("550.54.15");

    IntByReference count = new IntByReference();
    assertThat(NVML.nvmlDeviceGetCount_v2(count)).isZero();
    assertThat(count.getValue()).isEqualTo(2);

    IntByReference power = new IntByReference();
    assertThat(NVML.nvmlDeviceGetPowerUsage(device(1), power)).isZero();
    assertThat(power.getValue()).isEqualTo(512_345);
  }

  @Test
  void unsetValueIsNotSupported() {
    scenario.device(0, d -> d.remove("power_mw")).writeTo(file);

    assertThat(NVML.nvmlDeviceGetPowerUsage(device(0), new IntByReference())).isEqualTo(NvmlScenario.NVML_ERROR_NOT_SUPPORTED);
  }

  @Test
  void forcedErrorsSurfaceAsTheirCodes() {
    scenario.error("nvmlDeviceGetPowerUsage", 1, NvmlScenario.NVML_ERROR_GPU_IS_LOST)
        .device(0, d -> d.fanSpeedPercent(40)).device(1, d -> d.fanSpeedPercent(40))
        .error("nvmlDeviceGetFanSpeed", NvmlScenario.NVML_ERROR_NO_PERMISSION)
        .writeTo(file);

    assertThat(NVML.nvmlDeviceGetPowerUsage(device(1), new IntByReference())).isEqualTo(NvmlScenario.NVML_ERROR_GPU_IS_LOST);
    assertThat(NVML.nvmlDeviceGetPowerUsage(device(0), new IntByReference())).isZero();
    assertThat(NVML.nvmlDeviceGetFanSpeed(device(0), new IntByReference())).isEqualTo(NvmlScenario.NVML_ERROR_NO_PERMISSION);
    assertThat(NVML.nvmlDeviceGetFanSpeed(device(1), new IntByReference())).isEqualTo(NvmlScenario.NVML_ERROR_NO_PERMISSION);
  }

  @Test
  void changingTheFileWhileLoadedChangesTheValue() {
    Pointer gpu = device(0);
    IntByReference power = new IntByReference();
    assertThat(NVML.nvmlDeviceGetPowerUsage(gpu, power)).isZero();
    assertThat(power.getValue()).isEqualTo(512_345);

    scenario.device(0, d -> d.powerMilliwatts(99_000)).writeTo(file);

    assertThat(NVML.nvmlDeviceGetPowerUsage(gpu, power)).isZero();
    assertThat(power.getValue()).isEqualTo(99_000);
  }

  @Test
  void processesFollowTheCountProtocol() {
    scenario.device(0, d -> d.processes("1234:1073741824,5678:2048:1:0")).writeTo(file);
    Pointer gpu = device(0);

    IntByReference count = new IntByReference(0);
    assertThat(NVML.nvmlDeviceGetComputeRunningProcesses_v3(gpu, count, null)).isEqualTo(7); // INSUFFICIENT_SIZE
    assertThat(count.getValue()).isEqualTo(2);

    MiniNvml.ProcessInfo[] infos = (MiniNvml.ProcessInfo[]) new MiniNvml.ProcessInfo().toArray(2);
    assertThat(NVML.nvmlDeviceGetComputeRunningProcesses_v3(gpu, count, infos)).isZero();
    assertThat(infos[0].pid).isEqualTo(1234);
    assertThat(infos[0].usedGpuMemory).isEqualTo(1L << 30);
    assertThat(infos[0].gpuInstanceId).isEqualTo(-1); // 0xFFFFFFFF: not a MIG instance
    assertThat(infos[1].pid).isEqualTo(5678);
    assertThat(infos[1].gpuInstanceId).isEqualTo(1);
    assertThat(infos[1].computeInstanceId).isZero();
  }

  @Test
  void callsAfterTheLastShutdownAreUninitialized() {
    assertThat(NVML.nvmlInit_v2()).isZero(); // second reference
    assertThat(NVML.nvmlShutdown()).isZero();
    assertThat(NVML.nvmlDeviceGetCount_v2(new IntByReference())).isZero(); // one reference left

    assertThat(NVML.nvmlShutdown()).isZero();

    assertThat(NVML.nvmlDeviceGetCount_v2(new IntByReference())).isEqualTo(NvmlScenario.NVML_ERROR_UNINITIALIZED);
    assertThat(NVML.nvmlShutdown()).isEqualTo(NvmlScenario.NVML_ERROR_UNINITIALIZED);
    assertThat(NVML.nvmlInit_v2()).isZero(); // for @AfterEach
  }

  @Test
  void noScenarioMeansNoDevices() {
    assertThat(NVML.nvmlStubSetScenarioPath(dir.resolve("absent").toString())).isZero();

    IntByReference count = new IntByReference(7);
    assertThat(NVML.nvmlDeviceGetCount_v2(count)).isZero();
    assertThat(count.getValue()).isZero();
  }

  @Test
  void forcedInitErrorKeepsTheLibraryUninitialized() {
    NVML.nvmlShutdown();
    scenario.error("nvmlInit_v2", NvmlScenario.NVML_ERROR_DRIVER_NOT_LOADED).writeTo(file);

    assertThat(NVML.nvmlInit_v2()).isEqualTo(NvmlScenario.NVML_ERROR_DRIVER_NOT_LOADED);
    assertThat(NVML.nvmlDeviceGetCount_v2(new IntByReference())).isEqualTo(NvmlScenario.NVML_ERROR_UNINITIALIZED);

    scenario.remove("error.nvmlInit_v2").writeTo(file);
    assertThat(NVML.nvmlInit_v2()).isZero(); // for @AfterEach
  }

  @Test
  void oldDriverVariantLacksNewerSymbols() {
    com.sun.jna.NativeLibrary old = com.sun.jna.NativeLibrary.getInstance(
        NvmlStub.oldDriverLibraryDirectory().resolve(NvmlStub.LIBRARY_FILE).toString());
    com.sun.jna.NativeLibrary current = com.sun.jna.NativeLibrary.getInstance(NvmlStub.libraryFile().toString());

    assertThat(current.getFunction("nvmlDeviceGetCurrentClocksEventReasons")).isNotNull();
    assertThat(old.getFunction("nvmlDeviceGetCurrentClocksThrottleReasons")).isNotNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> old.getFunction("nvmlDeviceGetCurrentClocksEventReasons"))
        .isInstanceOf(UnsatisfiedLinkError.class);
  }
}
