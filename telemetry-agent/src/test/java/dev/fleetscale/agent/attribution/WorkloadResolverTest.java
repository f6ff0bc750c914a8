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
  void aProcessThatExitedIsNotAttributed() {
    assertThat(new WorkloadResolver(FakeKernel.copyInto(dir).paths()).resolve(99999)).isEmpty();
  }
}
