package dev.fleetscale.agent.attribution;

import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a host pid to the workload that owns it: Kubernetes pod, Slurm job or systemd unit from
 * /proc/&lt;pid&gt;/cgroup (see {@link CgroupWorkloads}), else the bare process with its name from
 * /proc/&lt;pid&gt;/comm.
 *
 * <p>The workload's scheduling labels come from its environment ({@link WorkloadLabels}), read
 * once per process and then every {@value #LABELS_REFRESH_SECONDS} s (an environment does not
 * change after exec; the refresh covers a pid reused by a new process).
 *
 * <p>The pid must be in the PID namespace of the proc root given (NVML reports host pids, so an
 * agent in a container needs the host's /proc and hostPID). Thread-safe.
 */
public final class WorkloadResolver {

  static final long LABELS_REFRESH_SECONDS = 60;
  /** Environment blocks are capped by the kernel's ARG_MAX; read no more than this of one. */
  private static final int MAX_ENVIRON_BYTES = 256 * 1024;
  private static final int MAX_CACHED = 4096;

  private record CachedLabels(long readAtNanos, Map<String, String> labels) {}

  private final KernelPaths paths;
  /** Labels by pid, least recently used first (bounded: pids come and go). */
  private final Map<Long, CachedLabels> labels =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CachedLabels> eldest) {
          return size() > MAX_CACHED;
        }
      };

  public WorkloadResolver(KernelPaths paths) {
    this.paths = paths;
  }

  /**
   * The owner of {@code pid}, or empty where the process is gone (it exited between NVML's listing
   * and this read) or its files cannot be read.
   */
  public Optional<WorkloadRef> resolve(long pid) {
    String dir = Long.toString(pid);
    try {
      Optional<WorkloadRef> owner =
          CgroupWorkloads.recognise(KernelPaths.lines(paths.proc(dir).resolve("cgroup")));
      if (owner.isEmpty()) {
        owner = KernelPaths.attribute(paths.proc(dir).resolve("comm"))
            .map(comm -> new WorkloadRef(WorkloadKind.PROCESS, dir, comm, null));
      }
      return owner.map(ref -> ref.withLabels(labelsOf(pid)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private synchronized Map<String, String> labelsOf(long pid) {
    long now = System.nanoTime();
    CachedLabels cached = labels.get(pid);
    if (cached != null && now - cached.readAtNanos() < LABELS_REFRESH_SECONDS * 1_000_000_000L) {
      return cached.labels();
    }
    Map<String, String> read;
    try (InputStream in = Files.newInputStream(paths.proc(Long.toString(pid)).resolve("environ"))) {
      read = WorkloadLabels.fromEnviron(in.readNBytes(MAX_ENVIRON_BYTES));
    } catch (IOException | SecurityException e) {
      read = Map.of(); // not ours to read (another user without root) or gone: no labels
    }
    labels.put(pid, new CachedLabels(now, read));
    return read;
  }
}
