package dev.fleetscale.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.agent.kernel.FakeKernel;
import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadResolverTest {

  @TempDir Path dir;

  @Test
  void cgroupOwnerWinsOverTheProcessName() {
    FakeKernel kernel = FakeKernel.copyInto(dir);
    kernel.write("proc/4242/cgroup", "0::/system.slice/slurmstepd.scope/job_9/step_0");
    kernel.write("proc/4242/comm", "python3");
    assertThat(new WorkloadResolver(kernel.paths()).resolve(4242))
        .contains(new WorkloadRef(WorkloadKind.SLURM_JOB, "9", null, null));
  }

  @Test
  void anUnrecognisedCgroupFallsBackToTheProcessName() {
    FakeKernel kernel = FakeKernel.copyInto(dir);
    kernel.write("proc/17/cgroup", "0::/user.slice/user-1000.slice/session-2.scope");
    kernel.write("proc/17/comm", "train.py");
    assertThat(new WorkloadResolver(kernel.paths()).resolve(17))
        .contains(new WorkloadRef(WorkloadKind.PROCESS, "17", "train.py", null));
  }

  @Test
  void theWorkloadsSchedulingLabelsComeFromItsEnvironment() {
    FakeKernel kernel = FakeKernel.copyInto(dir);
    kernel.write("proc/4242/cgroup", "0::/kubepods.slice/kubepods-pod0d4c7d3e_2f51_4a8e_9b55_"
        + "6c1e0f9a7b21.slice/cri-containerd-3f9a1c2b4d5e6f708192a3b4.scope");
    kernel.write("proc/4242/environ", "PATH=/usr/bin\0FLEETSCALE_GANG=llm-train\0"
        + "FLEETSCALE_ANTI_AFFINITY=\0FLEETSCALE_LABELS=team=research, tier=gold\0HOME=/root\0");
    assertThat(new WorkloadResolver(kernel.paths()).resolve(4242).orElseThrow().labels())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(WorkloadRef.GANG_LABEL, "llm-train",
            "team", "research", "tier", "gold"));
  }

  @Test
  void aProcessWithoutLabelsOrWhoseEnvironmentCannotBeReadHasNone() {
    FakeKernel kernel = FakeKernel.copyInto(dir);
    kernel.write("proc/17/cgroup", "0::/system.slice/slurmstepd.scope/job_9/step_0");
    assertThat(new WorkloadResolver(kernel.paths()).resolve(17).orElseThrow().labels()).isNull();
  }

  @Test
  void aProcessThatExitedIsNotAttributed() {
    assertThat(new WorkloadResolver(FakeKernel.copyInto(dir).paths()).resolve(99999)).isEmpty();
  }
}
