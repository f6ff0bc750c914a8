/*
 * A stand-in for NVIDIA's libnvidia-ml.so.1, for tests on machines without a GPU.
 *
 * It exports the NVML functions the Fleetscale telemetry agent binds, with the real names,
 * signatures, constants and struct layouts of nvml.h, and serves values from a scenario file:
 * line-based "key=value" text (format in docs/nvml.md). The file is named by the environment
 * variable FLEETSCALE_NVML_STUB_SCENARIO or by the extra export nvmlStubSetScenarioPath(), and
 * is read again whenever its inode, size or modification time changes, so a test can change
 * values while the library is loaded. Without a scenario file the stub behaves like a host
 * with zero GPUs.
 *
 * A value missing from the scenario makes its call return NVML_ERROR_NOT_SUPPORTED, which is
 * what the driver returns for a metric a GPU does not have. Forced errors
 * ("error.<function>=<code>", "error.<function>.<device>=<code>") make a call fail with that
 * code. Every entry point takes one mutex, so the stub is safe to call from several threads.
 *
 * Building with -DNVML_STUB_OLD_DRIVER leaves out the symbols that newer drivers added
 * (nvmlDeviceGetCurrentClocksEventReasons, nvmlDeviceGetMemoryInfo_v2) to test fallbacks.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- nvml.h: types, constants and layouts (values as published by NVIDIA) ---- */

typedef enum nvmlReturn_enum {
    NVML_SUCCESS = 0,
    NVML_ERROR_UNINITIALIZED = 1,
    NVML_ERROR_INVALID_ARGUMENT = 2,
    NVML_ERROR_NOT_SUPPORTED = 3,
    NVML_ERROR_NO_PERMISSION = 4,
    NVML_ERROR_ALREADY_INITIALIZED = 5,
    NVML_ERROR_NOT_FOUND = 6,
    NVML_ERROR_INSUFFICIENT_SIZE = 7,
    NVML_ERROR_INSUFFICIENT_POWER = 8,
    NVML_ERROR_DRIVER_NOT_LOADED = 9,
    NVML_ERROR_TIMEOUT = 10,
    NVML_ERROR_IRQ_ISSUE = 11,
    NVML_ERROR_LIBRARY_NOT_FOUND = 12,
    NVML_ERROR_FUNCTION_NOT_FOUND = 13,
    NVML_ERROR_CORRUPTED_INFOROM = 14,
    NVML_ERROR_GPU_IS_LOST = 15,
    NVML_ERROR_RESET_REQUIRED = 16,
    NVML_ERROR_OPERATING_SYSTEM = 17,
    NVML_ERROR_LIB_RM_VERSION_MISMATCH = 18,
    NVML_ERROR_IN_USE = 19,
    NVML_ERROR_MEMORY = 20,
    NVML_ERROR_NO_DATA = 21,
    NVML_ERROR_VGPU_ECC_NOT_SUPPORTED = 22,
    NVML_ERROR_INSUFFICIENT_RESOURCES = 23,
    NVML_ERROR_FREQ_NOT_SUPPORTED = 24,
    NVML_ERROR_ARGUMENT_VERSION_MISMATCH = 25,
    NVML_ERROR_DEPRECATED = 26,
    NVML_ERROR_NOT_READY = 27,
    NVML_ERROR_GPU_NOT_FOUND = 28,
    NVML_ERROR_INVALID_STATE = 29,
    NVML_ERROR_UNKNOWN = 999
} nvmlReturn_t;

typedef enum nvmlTemperatureSensors_enum { NVML_TEMPERATURE_GPU = 0 } nvmlTemperatureSensors_t;

typedef enum nvmlClockType_enum {
    NVML_CLOCK_GRAPHICS = 0,
    NVML_CLOCK_SM = 1,
    NVML_CLOCK_MEM = 2,
    NVML_CLOCK_VIDEO = 3
} nvmlClockType_t;

typedef enum nvmlPcieUtilCounter_enum {
    NVML_PCIE_UTIL_TX_BYTES = 0,
    NVML_PCIE_UTIL_RX_BYTES = 1
} nvmlPcieUtilCounter_t;

typedef enum nvmlMemoryErrorType_enum {
    NVML_MEMORY_ERROR_TYPE_CORRECTED = 0,
    NVML_MEMORY_ERROR_TYPE_UNCORRECTED = 1
} nvmlMemoryErrorType_t;

typedef enum nvmlEccCounterType_enum {
    NVML_VOLATILE_ECC = 0,
    NVML_AGGREGATE_ECC = 1
} nvmlEccCounterType_t;

typedef enum nvmlPStates_enum { NVML_PSTATE_0 = 0, NVML_PSTATE_15 = 15, NVML_PSTATE_UNKNOWN = 32 } nvmlPstates_t;

#define NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE 32
#define NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE 16
#define NVML_VALUE_NOT_AVAILABLE_ULL 0xFFFFFFFFFFFFFFFFULL
#define NVML_VALUE_NOT_AVAILABLE_UINT 0xFFFFFFFFU

#define nvmlEventTypeXidCriticalError 0x0000000000000008ULL

typedef struct nvmlDevice_st {
    unsigned int index;
} *nvmlDevice_t;

typedef struct nvmlPciInfo_st {
    char busIdLegacy[NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE];
    unsigned int domain;
    unsigned int bus;
    unsigned int device;
    unsigned int pciDeviceId;
    unsigned int pciSubSystemId;
    char busId[NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE];
} nvmlPciInfo_t;

typedef struct nvmlUtilization_st {
    unsigned int gpu;
    unsigned int memory;
} nvmlUtilization_t;

typedef struct nvmlMemory_st {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_t;

typedef struct nvmlMemory_v2_st {
    unsigned int version;
    unsigned long long total;
    unsigned long long reserved;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_v2_t;

#define NVML_STRUCT_VERSION(data, ver) (unsigned int)(sizeof(nvml##data##_v##ver##_t) | ((ver) << 24U))
#define nvmlMemory_v2 NVML_STRUCT_VERSION(Memory, 2)

typedef struct nvmlProcessInfo_st {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlProcessInfo_t;

typedef struct nvmlEventData_st {
    nvmlDevice_t device;
    unsigned long long eventType;
    unsigned long long eventData;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlEventData_t;

/* ---- stub state ---- */

#define MAX_DEVICES 64
#define MAX_EVENT_SETS 16
#define MAX_PROCESSES 4096
#define MAX_XIDS 4096
#define WAIT_POLL_NS 5000000L /* 5 ms: how often a waiting nvmlEventSetWait_v2 looks at the file */

typedef struct nvmlEventSet_st {
    int inUse;
    unsigned long long registered[MAX_DEVICES];
    size_t delivered[MAX_DEVICES];
} *nvmlEventSet_t;

struct entry {
    char *key;
    char *value;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *entries;
static size_t entryCount;
static char explicitPath[4096];
static int haveFileIdentity;
static struct stat fileIdentity;
static unsigned int initCount;
static struct nvmlDevice_st devices[MAX_DEVICES];
static struct nvmlEventSet_st eventSets[MAX_EVENT_SETS];

static void clear_entries(void) {
    for (size_t i = 0; i < entryCount; i++) {
        free(entries[i].key);
        free(entries[i].value);
    }
    free(entries);
    entries = NULL;
    entryCount = 0;
}

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = '\0';
    return s;
}

static void load_file(const char *path) {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "nvml-stub: cannot read scenario %s: %s\n", path, strerror(errno));
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    size_t lineNo = 0;
    size_t allocated = 0;
    while (getline(&line, &cap, f) != -1) {
        lineNo++;
        char *text = trim(line);
        if (*text == '\0' || *text == '#') continue;
        char *eq = strchr(text, '=');
        if (eq == NULL) {
            fprintf(stderr, "nvml-stub: %s:%zu: ignored, no '=' in \"%s\"\n", path, lineNo, text);
            continue;
        }
        *eq = '\0';
        char *key = trim(text);
        char *value = trim(eq + 1);
        if (entryCount == allocated) {
            size_t grown = allocated == 0 ? 64 : allocated * 2;
            struct entry *bigger = realloc(entries, grown * sizeof *bigger);
            if (bigger == NULL) break;
            entries = bigger;
            allocated = grown;
        }
        entries[entryCount].key = strdup(key);
        entries[entryCount].value = strdup(value);
        if (entries[entryCount].key == NULL || entries[entryCount].value == NULL) {
            free(entries[entryCount].key);
            free(entries[entryCount].value);
            break;
        }
        entryCount++;
    }
    free(line);
    fclose(f);
}

/* Called with the lock held: reads the scenario again when the file changed or was replaced. */
static void refresh(void) {
    const char *path = explicitPath[0] != '\0' ? explicitPath : getenv("FLEETSCALE_NVML_STUB_SCENARIO");
    struct stat now;
    if (path == NULL || *path == '\0' || stat(path, &now) != 0) {
        clear_entries();
        haveFileIdentity = 0;
        return;
    }
    if (haveFileIdentity && now.st_ino == fileIdentity.st_ino && now.st_dev == fileIdentity.st_dev
        && now.st_size == fileIdentity.st_size && now.st_mtim.tv_sec == fileIdentity.st_mtim.tv_sec
        && now.st_mtim.tv_nsec == fileIdentity.st_mtim.tv_nsec) {
        return;
    }
    clear_entries();
    load_file(path);
    fileIdentity = now;
    haveFileIdentity = 1;
}

static const char *get(const char *key) {
    for (size_t i = entryCount; i > 0; i--) { /* the last line for a key wins */
        if (strcmp(entries[i - 1].key, key) == 0) return entries[i - 1].value;
    }
    return NULL;
}

static const char *device_get(unsigned int index, const char *suffix) {
    char key[256];
    snprintf(key, sizeof key, "device.%u.%s", index, suffix);
    return get(key);
}

static int parse_ull(const char *key, const char *text, unsigned long long *out) {
    if (text == NULL) return 0;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno != 0 || end == text || *end != '\0' || strchr(text, '-') != NULL) {
        fprintf(stderr, "nvml-stub: %s=%s is not an unsigned number, treated as not set\n", key, text);
        return 0;
    }
    *out = v;
    return 1;
}

/* 1 when device.<index>.<suffix> holds a number (stored in *out), else 0. */
static int device_number(unsigned int index, const char *suffix, unsigned long long *out) {
    char key[256];
    snprintf(key, sizeof key, "device.%u.%s", index, suffix);
    return parse_ull(key, get(key), out);
}

static unsigned long long device_number_or(unsigned int index, const char *suffix, unsigned long long fallback) {
    unsigned long long v;
    return device_number(index, suffix, &v) ? v : fallback;
}

static unsigned int device_count(void) {
    unsigned long long explicitCount;
    if (parse_ull("device_count", get("device_count"), &explicitCount)) {
        return explicitCount > MAX_DEVICES ? MAX_DEVICES : (unsigned int) explicitCount;
    }
    unsigned int count = 0;
    for (size_t i = 0; i < entryCount; i++) {
        const char *k = entries[i].key;
        if (strncmp(k, "device.", 7) != 0) continue;
        char *end = NULL;
        unsigned long v = strtoul(k + 7, &end, 10);
        if (end != k + 7 && *end == '.' && v < MAX_DEVICES && v + 1 > count) count = (unsigned int) v + 1;
    }
    return count;
}

/* A code forced by the scenario for this function (device -1: not a device call), or 0. */
static nvmlReturn_t forced_error(const char *function, int device) {
    char key[256];
    unsigned long long code;
    if (device >= 0) {
        snprintf(key, sizeof key, "error.%s.%d", function, device);
        if (parse_ull(key, get(key), &code)) return (nvmlReturn_t) code;
    }
    snprintf(key, sizeof key, "error.%s", function);
    if (parse_ull(key, get(key), &code)) return (nvmlReturn_t) code;
    if (device >= 0) {
        snprintf(key, sizeof key, "error.*.%d", device);
        if (parse_ull(key, get(key), &code)) return (nvmlReturn_t) code;
        if (parse_ull("error.*", get("error.*"), &code)) return (nvmlReturn_t) code;
    }
    return NVML_SUCCESS;
}

/* Locks, re-reads the scenario, checks initialisation and forced errors. On success the lock stays held. */
static nvmlReturn_t begin(const char *function) {
    pthread_mutex_lock(&lock);
    refresh();
    nvmlReturn_t rc = initCount == 0 ? NVML_ERROR_UNINITIALIZED : forced_error(function, -1);
    if (rc != NVML_SUCCESS) pthread_mutex_unlock(&lock);
    return rc;
}

static int valid_device(nvmlDevice_t device) {
    return device != NULL && device >= devices && device < devices + MAX_DEVICES
        && (unsigned int) (device - devices) < device_count();
}

/* Like begin() for a call on a device handle; *index receives the device index. */
static nvmlReturn_t begin_device(const char *function, nvmlDevice_t device, unsigned int *index) {
    pthread_mutex_lock(&lock);
    refresh();
    nvmlReturn_t rc = NVML_SUCCESS;
    if (initCount == 0) {
        rc = NVML_ERROR_UNINITIALIZED;
    } else if (!valid_device(device)) {
        rc = NVML_ERROR_INVALID_ARGUMENT;
    } else {
        *index = (unsigned int) (device - devices);
        rc = forced_error(function, (int) *index);
    }
    if (rc != NVML_SUCCESS) pthread_mutex_unlock(&lock);
    return rc;
}

static nvmlReturn_t end(nvmlReturn_t rc) {
    pthread_mutex_unlock(&lock);
    return rc;
}

static nvmlReturn_t copy_string(const char *value, char *buffer, unsigned int length) {
    if (value == NULL) return NVML_ERROR_NOT_SUPPORTED;
    if (buffer == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (strlen(value) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
    memcpy(buffer, value, strlen(value) + 1);
    return NVML_SUCCESS;
}

static nvmlReturn_t device_uint(const char *function, nvmlDevice_t device, const char *suffix, unsigned int *out) {
    unsigned int index;
    nvmlReturn_t rc = begin_device(function, device, &index);
    if (rc != NVML_SUCCESS) return rc;
    if (out == NULL) return end(NVML_ERROR_INVALID_ARGUMENT);
    unsigned long long v;
    if (!device_number(index, suffix, &v)) return end(NVML_ERROR_NOT_SUPPORTED);
    *out = (unsigned int) v;
    return end(NVML_SUCCESS);
}

static nvmlReturn_t device_ull(const char *function, nvmlDevice_t device, const char *suffix, unsigned long long *out) {
    unsigned int index;
    nvmlReturn_t rc = begin_device(function, device, &index);
    if (rc != NVML_SUCCESS) return rc;
    if (out == NULL) return end(NVML_ERROR_INVALID_ARGUMENT);
    if (!device_number(index, suffix, out)) return end(NVML_ERROR_NOT_SUPPORTED);
    return end(NVML_SUCCESS);
}

/* ---- the stub's own export ---- */

/* Points the stub at a scenario file (NULL or "" goes back to FLEETSCALE_NVML_STUB_SCENARIO). */
int nvmlStubSetScenarioPath(const char *path) {
    pthread_mutex_lock(&lock);
    int rc = NVML_SUCCESS;
    if (path == NULL) {
        explicitPath[0] = '\0';
    } else if (strlen(path) + 1 > sizeof explicitPath) {
        rc = NVML_ERROR_INVALID_ARGUMENT;
    } else {
        memcpy(explicitPath, path, strlen(path) + 1);
    }
    haveFileIdentity = 0;
    refresh();
    pthread_mutex_unlock(&lock);
    return rc;
}

/* ---- NVML: initialisation and system ---- */

nvmlReturn_t nvmlInit_v2(void) {
    pthread_mutex_lock(&lock);
    refresh();
    nvmlReturn_t rc = forced_error("nvmlInit_v2", -1);
    if (rc == NVML_SUCCESS) initCount++;
    return end(rc);
}

nvmlReturn_t nvmlShutdown(void) {
    pthread_mutex_lock(&lock);
    refresh();
    if (initCount == 0) return end(NVML_ERROR_UNINITIALIZED);
    nvmlReturn_t rc = forced_error("nvmlShutdown", -1);
    if (rc == NVML_SUCCESS) initCount--;
    return end(rc);
}

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
        case NVML_SUCCESS: return "Success";
        case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
        case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
        case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
        case NVML_ERROR_NO_PERMISSION: return "Insufficient Permissions";
        case NVML_ERROR_ALREADY_INITIALIZED: return "Already Initialized";
        case NVML_ERROR_NOT_FOUND: return "Not Found";
        case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
        case NVML_ERROR_INSUFFICIENT_POWER: return "Insufficient External Power";
        case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
        case NVML_ERROR_TIMEOUT: return "Timeout";
        case NVML_ERROR_IRQ_ISSUE: return "Interrupt Request Issue";
        case NVML_ERROR_LIBRARY_NOT_FOUND: return "NVML Shared Library Not Found";
        case NVML_ERROR_FUNCTION_NOT_FOUND: return "Function Not Found";
        case NVML_ERROR_CORRUPTED_INFOROM: return "Corrupted infoROM";
        case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
        case NVML_ERROR_RESET_REQUIRED: return "GPU requires restart";
        case NVML_ERROR_OPERATING_SYSTEM: return "The operating system has blocked the request.";
        case NVML_ERROR_LIB_RM_VERSION_MISMATCH: return "RM has detected an NVML/RM version mismatch.";
        case NVML_ERROR_IN_USE: return "In use by another client";
        case NVML_ERROR_MEMORY: return "Insufficient Memory";
        case NVML_ERROR_NO_DATA: return "No data";
        case NVML_ERROR_VGPU_ECC_NOT_SUPPORTED: return "ECC is enabled; vGPU operation not available";
        case NVML_ERROR_INSUFFICIENT_RESOURCES: return "Insufficient resources";
        case NVML_ERROR_FREQ_NOT_SUPPORTED: return "Frequency not supported";
        case NVML_ERROR_ARGUMENT_VERSION_MISMATCH: return "Argument version mismatch";
        case NVML_ERROR_DEPRECATED: return "Deprecated";
        case NVML_ERROR_NOT_READY: return "Not ready";
        case NVML_ERROR_GPU_NOT_FOUND: return "GPU not found";
        case NVML_ERROR_INVALID_STATE: return "Invalid state";
        default: return "Unknown Error";
    }
}

static nvmlReturn_t system_string(const char *function, const char *key, char *version, unsigned int length) {
    nvmlReturn_t rc = begin(function);
    if (rc != NVML_SUCCESS) return rc;
    return end(copy_string(get(key), version, length));
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    return system_string("nvmlSystemGetDriverVersion", "driver_version", version, length);
}

nvmlReturn_t nvmlSystemGetNVMLVersion(char *version, unsigned int length) {
    return system_string("nvmlSystemGetNVMLVersion", "nvml_version", version, length);
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount) {
    nvmlReturn_t rc = begin("nvmlDeviceGetCount_v2");
    if (rc != NVML_SUCCESS) return rc;
    if (deviceCount == NULL) return end(NVML_ERROR_INVALID_ARGUMENT);
    *deviceCount = device_count();
    return end(NVML_SUCCESS);
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    nvmlReturn_t rc = begin("nvmlDeviceGetHandleByIndex_v2");
    if (rc != NVML_SUCCESS) return rc;
    if (device == NULL || index >= device_count()) return end(NVML_ERROR_INVALID_ARGUMENT);
    rc = forced_error("nvmlDeviceGetHandleByIndex_v2", (int) index);
    if (rc != NVML_SUCCESS) return end(rc);
    devices[index].index = index;
    *device = &devices[index];
    return end(NVML_SUCCESS);
}

/* ---- NVML: device identity ---- */

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    unsigned int index;
    nvmlReturn_t rc = begin_device("nvmlDeviceGetUUID", device, &index);
    if (rc != NVML_SUCCESS) return rc;
    return end(copy_string(device_get(index, "uuid"), uuid, length));
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    unsigned int index;
    nvmlReturn_t rc = begin_device("nvmlDeviceGetName", device, &index);
    if (rc != NVML_SUCCESS) return rc;
    return end(copy_string(device_get(index, "name"), name, length));
}

nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t device, nvmlPciInfo_t *pci) {
    unsigned int index;
    nvmlReturn_t rc = begin_device("nvmlDeviceGetPciInfo_v3", device, &index);
    if (rc != NVML_SUCCESS) return rc;
    if (pci == NULL) return end(NVML_ERROR_INVALID_ARGUMENT);
    const char *busId = device_get(index, "pci.bus_id");
    if (busId == NULL) return end(NVML_ERROR_NOT_SUPPORTED);
    memset(pci, 0, sizeof *pci);
    snprintf(pci->busId, sizeof pci->busId, "%s", busId);
    /* The legacy id has a 4-digit domain: "0000:18:00.0" for "00000000:18:00.0". */
    const char *colon = strchr(busId, ':');
    const char *legacy = colon != NULL && colon - busId > 4 ? colon - 4 : busId;
    snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "%s", legacy);
    unsigned int domain = 0, bus = 0, dev = 0;
    if (sscanf(busId, "%x:%x:%x", &domain, &bus, &dev) != 3) domain = bus = dev = 0;
    pci->domain = (unsigned int) device_number_or(index, "pci.domain", domain);
    pci->bus = (unsigned int) device_number_or(index, "pci.bus", bus);
    pci->device = (unsigned int) device_number_or(index, "pci.device", dev);
    pci->pciDeviceId = (unsigned int) device_number_or(index, "pci.device_id", 0);
    pci->pciSubSystemId = (unsigned int) device_number_or(index, "pci.subsystem_id", 0);
    return end(NVML_SUCCESS);
}

/* ---- NVML: device metrics ---- */

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
    unsigned int index;
    nvmlReturn_t rc = begin_device("nvmlDeviceGetUtilizationRates", device, &index);
    if (rc != NVML_SUCCESS) return rc;
    if (utilization == NULL) return end(NVML_ERROR_INVALID_ARGUMENT);
    unsigned long long gpu;
    if (!device_number(index, "utilization.gpu", &gpu)) return end(NVML_ERROR_NOT_SUPPORTED);
    utilization->gpu = (unsigned int) gpu;
    utilization->memory = (unsigned int) device_number_or(index, "utilization.memory", 0);
    return end(NVML_SUCCESS);
}

/* Reads total/reserved/used/free; 0 when memory.total is not in the scenario. */
static int scenario_memory(unsigned int index, unsigned long long *total, unsigned long long *reserved,
                           unsigned long long *used, unsigned long long *freeBytes) {
    if (!device_number(index, "memory.total", total)) return 0;
    *reserved = device_number_or(index, "memory.reserved", 0);
    *used = device_number_or(index, "memory.used", 0);
    unsigned long long taken = *reserved + *used;
    *freeBytes = device_number_or(index, "memory.free", taken > *total ? 0 : *total - taken);
    return 1;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
    unsigned int index;
    nvmlReturn_t rc = begin_device("nvmlDeviceGetMemoryInfo", device, &index);
    if (rc != NVML_SUCCESS) return rc;
    if (memory == NULL) return end(NVML_ERROR_INVALID_ARGUMENT);
    unsigned long long total, reserved, used, freeBytes;
    if (!scenario_memory(index, &total, &reserved, &used, &freeBytes)) return end(NVML_ERROR_NOT_SUPPORTED);
    memory->total = total;
    memory->free = freeBytes;
    memory->used = used + reserved; /* version 1 counts the driver's reservation as used */
    return end(NVML_SUCCESS);
}

#ifndef NVML_STUB_OLD_DRIVER
nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory) {
    unsigned int index;
    nvmlReturn_t rc = begin_device("nvmlDeviceGetMemoryInfo_v2", device, &index);
    if (rc != NVML_SUCCESS) return rc;
    if (memory == NULL) return end(NVML_ERROR_INVALID_ARGUMENT);
    if (memory->version != nvmlMemory_v2) return end(NVML_ERROR_ARGUMENT_VERSION_MISMATCH);
    unsigned long long total, reserved, used, freeBytes;
    if (!scenario_memory(index, &total, &reserved, &used, &freeBytes)) return end(NVML_ERROR_NOT_SUPPORTED);
    memory->total = total;
    memory->reserved = reserved;
    memory->used = used;
    memory->free = freeBytes;
    return end(NVML_SUCCESS);
}
#endif

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
    return device_uint("nvmlDeviceGetPowerUsage", device, "power_mw", power);
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit) {
    return device_uint("nvmlDeviceGetEnforcedPowerLimit", device, "power_limit_mw", limit);
}

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy) {
    return device_ull("nvmlDeviceGetTotalEnergyConsumption", device, "energy_mj", energy);
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensorType, unsigned int *temp) {
    if (sensorType != NVML_TEMPERATURE_GPU) {
        unsigned int index;
        nvmlReturn_t rc = begin_device("nvmlDeviceGetTemperature", device, &index);
        return rc != NVML_SUCCESS ? rc : end(NVML_ERROR_INVALID_ARGUMENT);
    }
    return device_uint("nvmlDeviceGetTemperature", device, "temperature.gpu", temp);
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock) {
    static const char *const keys[] = {"clock.graphics", "clock.sm", "clock.mem", "clock.video"};
    if ((unsigned int) type >= sizeof keys / sizeof keys[0]) {
        unsigned int index;
        nvmlReturn_t rc = begin_device("nvmlDeviceGetClockInfo", device, &index);
        return rc != NVML_SUCCESS ? rc : end(NVML_ERROR_INVALID_ARGUMENT);
    }
    return device_uint("nvmlDeviceGetClockInfo", device, keys[type], clock);
}

nvmlReturn_t nvmlDeviceGetPcieThroughput(nvmlDevice_t device, nvmlPcieUtilCounter_t counter, unsigned int *value) {
    if (counter != NVML_PCIE_UTIL_TX_BYTES && counter != NVML_PCIE_UTIL_RX_BYTES) {
        unsigned int index;
        nvmlReturn_t rc = begin_device("nvmlDeviceGetPcieThroughput", device, &index);
        return rc != NVML_SUCCESS ? rc : end(NVML_ERROR_INVALID_ARGUMENT);
    }
    return device_uint("nvmlDeviceGetPcieThroughput", device,
                       counter == NVML_PCIE_UTIL_TX_BYTES ? "pcie.tx_kbps" : "pcie.rx_kbps", value);
}

nvmlReturn_t nvmlDeviceGetPcieReplayCounter(nvmlDevice_t device, unsigned int *value) {
    return device_uint("nvmlDeviceGetPcieReplayCounter", device, "pcie.replay_counter", value);
}

nvmlReturn_t nvmlDeviceGetTotalEccErrors(nvmlDevice_t device, nvmlMemoryErrorType_t errorType,
                                         nvmlEccCounterType_t counterType, unsigned long long *eccCounts) {
    const char *key = NULL;
    if (errorType == NVML_MEMORY_ERROR_TYPE_CORRECTED && counterType == NVML_VOLATILE_ECC) key = "ecc.volatile.corrected";
    if (errorType == NVML_MEMORY_ERROR_TYPE_UNCORRECTED && counterType == NVML_VOLATILE_ECC) key = "ecc.volatile.uncorrected";
    if (errorType == NVML_MEMORY_ERROR_TYPE_CORRECTED && counterType == NVML_AGGREGATE_ECC) key = "ecc.aggregate.corrected";
    if (errorType == NVML_MEMORY_ERROR_TYPE_UNCORRECTED && counterType == NVML_AGGREGATE_ECC) key = "ecc.aggregate.uncorrected";
    if (key == NULL) {
        unsigned int index;
        nvmlReturn_t rc = begin_device("nvmlDeviceGetTotalEccErrors", device, &index);
        return rc != NVML_SUCCESS ? rc : end(NVML_ERROR_INVALID_ARGUMENT);
    }
    return device_ull("nvmlDeviceGetTotalEccErrors", device, key, eccCounts);
}

nvmlReturn_t nvmlDeviceGetRemappedRows(nvmlDevice_t device, unsigned int *corrRows, unsigned int *uncRows,
                                       unsigned int *isPending, unsigned int *failureOccurred) {
    unsigned int index;
    nvmlReturn_t rc = begin_device("nvmlDeviceGetRemappedRows", device, &index);
    if (rc != NVML_SUCCESS) return rc;
    if (corrRows == NULL || uncRows == NULL || isPending == NULL || failureOccurred == NULL) {
        return end(NVML_ERROR_INVALID_ARGUMENT);
    }
    unsigned long long correctable;
    if (!device_number(index, "remapped_rows.correctable", &correctable)) return end(NVML_ERROR_NOT_SUPPORTED);
    *corrRows = (unsigned int) correctable;
    *uncRows = (unsigned int) device_number_or(index, "remapped_rows.uncorrectable", 0);
    *isPending = (unsigned int) device_number_or(index, "remapped_rows.pending", 0);
    *failureOccurred = (unsigned int) device_number_or(index, "remapped_rows.failure", 0);
    return end(NVML_SUCCESS);
}

#ifndef NVML_STUB_OLD_DRIVER
nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long *clocksEventReasons) {
    return device_ull("nvmlDeviceGetCurrentClocksEventReasons", device, "clocks_event_reasons", clocksEventReasons);
}
#endif

nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t device, unsigned long long *clocksThrottleReasons) {
    return device_ull("nvmlDeviceGetCurrentClocksThrottleReasons", device, "clocks_event_reasons", clocksThrottleReasons);
}

nvmlReturn_t nvmlDeviceGetPerformanceState(nvmlDevice_t device, nvmlPstates_t *pState) {
    unsigned int value;
    nvmlReturn_t rc = device_uint("nvmlDeviceGetPerformanceState", device, "pstate", pState == NULL ? NULL : &value);
    if (rc == NVML_SUCCESS) *pState = (nvmlPstates_t) value;
    return rc;
}

nvmlReturn_t nvmlDeviceGetFanSpeed(nvmlDevice_t device, unsigned int *speed) {
    return device_uint("nvmlDeviceGetFanSpeed", device, "fan_speed", speed);
}

nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t device, unsigned int *currentMode, unsigned int *pendingMode) {
    unsigned int index;
    nvmlReturn_t rc = begin_device("nvmlDeviceGetMigMode", device, &index);
    if (rc != NVML_SUCCESS) return rc;
    if (currentMode == NULL || pendingMode == NULL) return end(NVML_ERROR_INVALID_ARGUMENT);
    unsigned long long current;
    if (!device_number(index, "mig.current", &current)) return end(NVML_ERROR_NOT_SUPPORTED);
    *currentMode = (unsigned int) current;
    *pendingMode = (unsigned int) device_number_or(index, "mig.pending", current);
    return end(NVML_SUCCESS);
}

/*
 * "pid:usedBytes[:gpuInstanceId[:computeInstanceId]]" entries separated by commas; usedBytes may be
 * "na" (NVML_VALUE_NOT_AVAILABLE). Returns the number parsed, or -1 when the text is malformed.
 */
static int parse_processes(const char *text, nvmlProcessInfo_t *out, int max) {
    int count = 0;
    const char *p = text;
    while (*p != '\0') {
        while (*p == ' ' || *p == ',') p++;
        if (*p == '\0') break;
        if (count == max) return -1;
        char *end = NULL;
        nvmlProcessInfo_t info = {0, NVML_VALUE_NOT_AVAILABLE_ULL, NVML_VALUE_NOT_AVAILABLE_UINT,
                                  NVML_VALUE_NOT_AVAILABLE_UINT};
        info.pid = (unsigned int) strtoul(p, &end, 10);
        if (end == p || *end != ':') return -1;
        p = end + 1;
        if (strncmp(p, "na", 2) == 0) {
            p += 2;
        } else {
            info.usedGpuMemory = strtoull(p, &end, 10);
            if (end == p) return -1;
            p = end;
        }
        if (*p == ':') {
            info.gpuInstanceId = (unsigned int) strtoul(p + 1, &end, 10);
            if (end == p + 1) return -1;
            p = end;
            if (*p == ':') {
                info.computeInstanceId = (unsigned int) strtoul(p + 1, &end, 10);
                if (end == p + 1) return -1;
                p = end;
            }
        }
        if (*p != '\0' && *p != ',' && *p != ' ') return -1;
        out[count++] = info;
    }
    return count;
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *infoCount,
                                                      nvmlProcessInfo_t *infos) {
    static nvmlProcessInfo_t parsed[MAX_PROCESSES]; /* guarded by the lock */
    unsigned int index;
    nvmlReturn_t rc = begin_device("nvmlDeviceGetComputeRunningProcesses_v3", device, &index);
    if (rc != NVML_SUCCESS) return rc;
    if (infoCount == NULL) return end(NVML_ERROR_INVALID_ARGUMENT);
    const char *text = device_get(index, "processes");
    if (text == NULL) return end(NVML_ERROR_NOT_SUPPORTED);
    int n = parse_processes(text, parsed, MAX_PROCESSES);
    if (n < 0) {
        fprintf(stderr, "nvml-stub: device.%u.processes=%s is malformed, want pid:bytes[:gi[:ci]],...\n", index, text);
        return end(NVML_ERROR_UNKNOWN);
    }
    if (*infoCount < (unsigned int) n || (infos == NULL && n > 0)) {
        *infoCount = (unsigned int) n;
        return end(NVML_ERROR_INSUFFICIENT_SIZE);
    }
    if (n > 0) memcpy(infos, parsed, (size_t) n * sizeof *infos);
    *infoCount = (unsigned int) n;
    return end(NVML_SUCCESS);
}

/* ---- NVML: events ---- */

nvmlReturn_t nvmlEventSetCreate(nvmlEventSet_t *set) {
    nvmlReturn_t rc = begin("nvmlEventSetCreate");
    if (rc != NVML_SUCCESS) return rc;
    if (set == NULL) return end(NVML_ERROR_INVALID_ARGUMENT);
    for (int i = 0; i < MAX_EVENT_SETS; i++) {
        if (!eventSets[i].inUse) {
            memset(&eventSets[i], 0, sizeof eventSets[i]);
            eventSets[i].inUse = 1;
            *set = &eventSets[i];
            return end(NVML_SUCCESS);
        }
    }
    return end(NVML_ERROR_INSUFFICIENT_RESOURCES);
}

static int valid_set(nvmlEventSet_t set) {
    return set != NULL && set >= eventSets && set < eventSets + MAX_EVENT_SETS && set->inUse;
}

nvmlReturn_t nvmlDeviceRegisterEvents(nvmlDevice_t device, unsigned long long eventTypes, nvmlEventSet_t set) {
    unsigned int index;
    nvmlReturn_t rc = begin_device("nvmlDeviceRegisterEvents", device, &index);
    if (rc != NVML_SUCCESS) return rc;
    if (!valid_set(set)) return end(NVML_ERROR_INVALID_ARGUMENT);
    if ((eventTypes & ~nvmlEventTypeXidCriticalError) != 0) return end(NVML_ERROR_NOT_SUPPORTED);
    set->registered[index] |= eventTypes;
    return end(NVML_SUCCESS);
}

/* Parses device.<index>.xid ("79,48,...") into out; returns the count (malformed tail ignored). */
static size_t parse_xids(unsigned int index, unsigned long long *out, size_t max) {
    const char *text = device_get(index, "xid");
    size_t count = 0;
    if (text == NULL) return 0;
    const char *p = text;
    while (*p != '\0' && count < max) {
        while (*p == ' ' || *p == ',') p++;
        if (*p == '\0') break;
        char *end = NULL;
        unsigned long long xid = strtoull(p, &end, 10);
        if (end == p) {
            fprintf(stderr, "nvml-stub: device.%u.xid=%s is malformed, want a comma-separated list\n", index, text);
            break;
        }
        out[count++] = xid;
        p = end;
    }
    return count;
}

/* Called with the lock held: the next undelivered XID for this set, if any. */
static int next_xid(nvmlEventSet_t set, nvmlEventData_t *data) {
    static unsigned long long xids[MAX_XIDS]; /* guarded by the lock */
    unsigned int count = device_count();
    for (unsigned int i = 0; i < count; i++) {
        if ((set->registered[i] & nvmlEventTypeXidCriticalError) == 0) continue;
        size_t n = parse_xids(i, xids, MAX_XIDS);
        if (set->delivered[i] > n) set->delivered[i] = n; /* the test shortened the list: start over from here */
        if (set->delivered[i] < n) {
            devices[i].index = i;
            data->device = &devices[i];
            data->eventType = nvmlEventTypeXidCriticalError;
            data->eventData = xids[set->delivered[i]++];
            data->gpuInstanceId = NVML_VALUE_NOT_AVAILABLE_UINT;
            data->computeInstanceId = NVML_VALUE_NOT_AVAILABLE_UINT;
            return 1;
        }
    }
    return 0;
}

static long long monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000LL + ts.tv_nsec / 1000000L;
}

nvmlReturn_t nvmlEventSetWait_v2(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms) {
    long long deadline = monotonic_ms() + timeoutms;
    for (;;) {
        nvmlReturn_t rc = begin("nvmlEventSetWait_v2");
        if (rc != NVML_SUCCESS) return rc;
        if (!valid_set(set) || data == NULL) return end(NVML_ERROR_INVALID_ARGUMENT);
        if (next_xid(set, data)) return end(NVML_SUCCESS);
        end(NVML_SUCCESS);
        if (monotonic_ms() >= deadline) return NVML_ERROR_TIMEOUT;
        struct timespec pause = {0, WAIT_POLL_NS};
        nanosleep(&pause, NULL);
    }
}

nvmlReturn_t nvmlEventSetFree(nvmlEventSet_t set) {
    nvmlReturn_t rc = begin("nvmlEventSetFree");
    if (rc != NVML_SUCCESS) return rc;
    if (!valid_set(set)) return end(NVML_ERROR_INVALID_ARGUMENT);
    set->inUse = 0;
    return end(NVML_SUCCESS);
}
