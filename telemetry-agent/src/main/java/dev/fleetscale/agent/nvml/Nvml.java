package dev.fleetscale.agent.nvml;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of NVIDIA's NVML (nvml.h) the agent calls, declared for JNA: nvml.h's constants and
 * structs for every call, and the functions called at start, per device once, and for XID events
 * (init, versions, device handles and identity, event sets) through JNA's interface mapping. The
 * functions read on every sample are declared once, in {@link NvmlDirect} (direct-mapped; see
 * there why); none is declared in both. Declarations only: names are nvml.h's, {@code _v2}/{@code
 * _v3} suffixes included; constants are nvml.h's values; structs keep nvml.h's field order. {@code nvmlDevice_t} and {@code nvmlEventSet_t} are opaque {@link Pointer}s,
 * C enums are {@code int}, {@code unsigned int}/{@code unsigned long long} are Java's signed types
 * carrying the same bits (convert with {@link Integer#toUnsignedLong}).
 *
 * <p>Every method is a blocking native call. Load it through {@link NvmlLibrary}, never directly.
 */
public interface Nvml extends Library {

  // nvmlReturn_t
  int NVML_SUCCESS = 0;
  int NVML_ERROR_UNINITIALIZED = 1;
  int NVML_ERROR_INVALID_ARGUMENT = 2;
  int NVML_ERROR_NOT_SUPPORTED = 3;
  int NVML_ERROR_NO_PERMISSION = 4;
  int NVML_ERROR_ALREADY_INITIALIZED = 5;
  int NVML_ERROR_NOT_FOUND = 6;
  int NVML_ERROR_INSUFFICIENT_SIZE = 7;
  int NVML_ERROR_INSUFFICIENT_POWER = 8;
  int NVML_ERROR_DRIVER_NOT_LOADED = 9;
  int NVML_ERROR_TIMEOUT = 10;
  int NVML_ERROR_IRQ_ISSUE = 11;
  int NVML_ERROR_LIBRARY_NOT_FOUND = 12;
  int NVML_ERROR_FUNCTION_NOT_FOUND = 13;
  int NVML_ERROR_CORRUPTED_INFOROM = 14;
  int NVML_ERROR_GPU_IS_LOST = 15;
  int NVML_ERROR_RESET_REQUIRED = 16;
  int NVML_ERROR_OPERATING_SYSTEM = 17;
  int NVML_ERROR_LIB_RM_VERSION_MISMATCH = 18;
  int NVML_ERROR_IN_USE = 19;
  int NVML_ERROR_MEMORY = 20;
  int NVML_ERROR_NO_DATA = 21;
  int NVML_ERROR_VGPU_ECC_NOT_SUPPORTED = 22;
  int NVML_ERROR_INSUFFICIENT_RESOURCES = 23;
  int NVML_ERROR_FREQ_NOT_SUPPORTED = 24;
  int NVML_ERROR_ARGUMENT_VERSION_MISMATCH = 25;
  int NVML_ERROR_DEPRECATED = 26;
  int NVML_ERROR_NOT_READY = 27;
  int NVML_ERROR_GPU_NOT_FOUND = 28;
  int NVML_ERROR_INVALID_STATE = 29;
  int NVML_ERROR_UNKNOWN = 999;

  // buffer sizes
  int NVML_DEVICE_UUID_V2_BUFFER_SIZE = 96;
  int NVML_DEVICE_NAME_V2_BUFFER_SIZE = 96;
  int NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE = 80;
  int NVML_SYSTEM_NVML_VERSION_BUFFER_SIZE = 80;
  int NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE = 32;
  int NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE = 16;

  /** What NVML writes where it has no value (unsigned long long -1; the low 32 bits for unsigned int). */
  long NVML_VALUE_NOT_AVAILABLE = -1L;

  // nvmlTemperatureSensors_t
  int NVML_TEMPERATURE_GPU = 0;

  // nvmlClockType_t
  int NVML_CLOCK_GRAPHICS = 0;
  int NVML_CLOCK_SM = 1;
  int NVML_CLOCK_MEM = 2;
  int NVML_CLOCK_VIDEO = 3;

  // nvmlPcieUtilCounter_t (values in KB/s)
  int NVML_PCIE_UTIL_TX_BYTES = 0;
  int NVML_PCIE_UTIL_RX_BYTES = 1;

  // nvmlMemoryErrorType_t, nvmlEccCounterType_t
  int NVML_MEMORY_ERROR_TYPE_CORRECTED = 0;
  int NVML_MEMORY_ERROR_TYPE_UNCORRECTED = 1;
  int NVML_VOLATILE_ECC = 0;
  int NVML_AGGREGATE_ECC = 1;

  // nvmlPstates_t
  int NVML_PSTATE_UNKNOWN = 32;

  // MIG modes
  int NVML_DEVICE_MIG_DISABLE = 0;
  int NVML_DEVICE_MIG_ENABLE = 1;

  // event types
  long nvmlEventTypeXidCriticalError = 0x0000000000000008L;

  /** NVML_STRUCT_VERSION(Memory, 2): sizeof(nvmlMemory_v2_t) = 40, or'ed with 2 << 24. */
  int nvmlMemory_v2 = 40 | 2 << 24;

  /** nvmlPciInfo_t (as filled by nvmlDeviceGetPciInfo_v3). */
  @FieldOrder({"busIdLegacy", "domain", "bus", "device", "pciDeviceId", "pciSubSystemId", "busId"})
  class nvmlPciInfo_t extends NvmlStruct {
    public byte[] busIdLegacy = new byte[NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE];
    public int domain;
    public int bus;
    public int device;
    public int pciDeviceId;
    public int pciSubSystemId;
    public byte[] busId = new byte[NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE];
  }

  /** nvmlUtilization_t: percent of the last sample period. */
  @FieldOrder({"gpu", "memory"})
  class nvmlUtilization_t extends NvmlStruct {
    public int gpu;
    public int memory;
  }

  /** nvmlMemory_t: bytes; {@code used} includes the driver's reservation. */
  @FieldOrder({"total", "free", "used"})
  class nvmlMemory_t extends NvmlStruct {
    public long total;
    public long free;
    public long used;
  }

  /** nvmlMemory_v2_t: bytes; {@code version} must be {@link #nvmlMemory_v2} before the call. */
  @FieldOrder({"version", "total", "reserved", "free", "used"})
  class nvmlMemory_v2_t extends NvmlStruct {
    public int version;
    public long total;
    public long reserved;
    public long free;
    public long used;
  }

  /** nvmlProcessInfo_t as filled by the _v3 process queries. */
  @FieldOrder({"pid", "usedGpuMemory", "gpuInstanceId", "computeInstanceId"})
  class nvmlProcessInfo_t extends NvmlStruct {
    public int pid;
    public long usedGpuMemory;
    public int gpuInstanceId;
    public int computeInstanceId;
  }

  /** nvmlEventData_t. */
  @FieldOrder({"device", "eventType", "eventData", "gpuInstanceId", "computeInstanceId"})
  class nvmlEventData_t extends NvmlStruct {
    public Pointer device;
    public long eventType;
    public long eventData;
    public int gpuInstanceId;
    public int computeInstanceId;
  }

  int nvmlInit_v2();

  int nvmlShutdown();

  String nvmlErrorString(int result);

  int nvmlSystemGetDriverVersion(byte[] version, int length);

  int nvmlSystemGetNVMLVersion(byte[] version, int length);

  int nvmlDeviceGetCount_v2(IntByReference deviceCount);

  int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

  int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

  int nvmlDeviceGetName(Pointer device, byte[] name, int length);

  int nvmlDeviceGetPciInfo_v3(Pointer device, nvmlPciInfo_t pci);

  int nvmlEventSetCreate(PointerByReference set);

  int nvmlDeviceRegisterEvents(Pointer device, long eventTypes, Pointer set);

  int nvmlEventSetWait_v2(Pointer set, nvmlEventData_t data, int timeoutms);

  int nvmlEventSetFree(Pointer set);
}
