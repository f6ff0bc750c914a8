package dev.fleetscale.agent.attribution;

import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises who owns a process from the lines of its /proc/&lt;pid&gt;/cgroup file
 * ("hierarchy-id:controllers:path"; cgroup v2 has the single line "0::path").
 *
 * <p>Recognised, in this order (the first kind found on any line wins, so a Slurm job running
 * inside a pod is attributed to the pod that the scheduler above sees):
 *
 * <ul>
 *   <li>Kubernetes, cgroupfs driver: {@code /kubepods/burstable/pod<uid>/<container-id>}
 *       (Guaranteed pods have no QoS level: {@code /kubepods/pod<uid>/...})
 *   <li>Kubernetes, systemd driver: {@code
 *       /kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod<uid_with_underscores>.slice/cri-containerd-<id>.scope}
 *       (also {@code docker-<id>.scope}, {@code crio-<id>.scope}); the UID's underscores are the
 *       systemd escaping of its dashes and are turned back
 *   <li>Slurm: {@code /slurm/uid_<u>/job_<id>/...} (cgroup v1, also {@code /slurm_<node>/...}) and
 *       {@code /system.slice/slurmstepd.scope/job_<id>/...} (cgroup v2)
 *   <li>systemd: {@code /system.slice/<unit>.service}
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class CgroupWorkloads {

  private static final String UID =
      "[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}";

  /** Pod UID, then an optional container id from the next path element. */
  private static final Pattern KUBE_CGROUPFS =
      Pattern.compile("/kubepods(?:/[a-z]+)?/pod(" + UID + ")(?:/([0-9a-f]{12,}))?");

  private static final Pattern KUBE_SYSTEMD =
      Pattern.compile(
          "kubepods(?:-[a-z]+)?-pod("
              + UID
              + ")\\.slice(?:/(?:cri-containerd|docker|crio|containerd)-([0-9a-f]{12,})\\.scope)?");

  private static final Pattern SLURM = Pattern.compile("/(?:slurm[^/]*/uid_\\d+|slurmstepd\\.scope)/job_(\\d+)(?:/|$)");

  private static final Pattern SYSTEMD_SERVICE =
      Pattern.compile("/system\\.slice/(?:.*/)?([^/]+\\.service)(?:/|$)");

  private CgroupWorkloads() {}

  /** The workload named by the cgroup lines, or empty where none of the forms above matches. */
  public static Optional<WorkloadRef> recognise(List<String> cgroupLines) {
    for (Pattern kube : List.of(KUBE_CGROUPFS, KUBE_SYSTEMD)) {
      for (String line : cgroupLines) {
        Matcher m = kube.matcher(path(line));
        if (m.find()) {
          return Optional.of(
              new WorkloadRef(WorkloadKind.KUBERNETES_POD, m.group(1).replace('_', '-'), null, m.group(2)));
        }
      }
    }
    for (String line : cgroupLines) {
      Matcher m = SLURM.matcher(path(line));
      if (m.find()) {
        return Optional.of(new WorkloadRef(WorkloadKind.SLURM_JOB, m.group(1), null, null));
      }
    }
    for (String line : cgroupLines) {
      Matcher m = SYSTEMD_SERVICE.matcher(path(line));
      if (m.find()) {
        return Optional.of(new WorkloadRef(WorkloadKind.SYSTEMD_UNIT, m.group(1), null, null));
      }
    }
    return Optional.empty();
  }

  /** The path part of "id:controllers:path" (the path itself may contain colons). */
  private static String path(String line) {
    int first = line.indexOf(':');
    int second = first < 0 ? -1 : line.indexOf(':', first + 1);
    return second < 0 ? line : line.substring(second + 1);
  }
}
