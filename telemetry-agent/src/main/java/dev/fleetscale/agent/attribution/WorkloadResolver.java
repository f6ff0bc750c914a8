package dev.fleetscale.agent.attribution;

import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.io.IOException;
import java.util.Optional;

/**
 * Maps a host pid to the workload that owns it: Kubernetes pod, Slurm job or systemd unit from
 * /proc/&lt;pid&gt;/cgroup (see {@link CgroupWorkloads}), else the bare process with its name from
 * /proc/&lt;pid&gt;/comm.
 *
 * <p>The pid must be in the PID namespace of the proc root given (NVML reports host pids, so an
 * agent in a container needs the host's /proc and hostPID). Thread-safe (no state).
 */
public final class WorkloadResolver {

  private final KernelPaths paths;

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
      if (owner.isPresent()) {
        return owner;
      }
      return KernelPaths.attribute(paths.proc(dir).resolve("comm"))
          .map(comm -> new WorkloadRef(WorkloadKind.PROCESS, dir, comm, null));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
