package dev.fleetscale.contracts.telemetry;

/** What owns a GPU process. */
public enum WorkloadKind {
  KUBERNETES_POD,
  SLURM_JOB,
  SYSTEMD_UNIT,
  /** A bare process that no scheduler owns; the id is the pid. */
  PROCESS
}
