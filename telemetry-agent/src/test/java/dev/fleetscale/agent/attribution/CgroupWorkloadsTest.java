package dev.fleetscale.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupWorkloadsTest {

  private static final String POD_UID = "8a4b3c2d-1e0f-4a5b-9c8d-7e6f5a4b3c2d";
  private static final String CONTAINER =
      "3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e";

  @Test
  void kubernetesCgroupfsDriverOnCgroupV1() {
    WorkloadRef ref =
        recognise(
            "12:pids:/kubepods/burstable/pod" + POD_UID + "/" + CONTAINER,
            "11:memory:/kubepods/burstable/pod" + POD_UID + "/" + CONTAINER,
            "1:name=systemd:/kubepods/burstable/pod" + POD_UID + "/" + CONTAINER);
    assertThat(ref).isEqualTo(new WorkloadRef(WorkloadKind.KUBERNETES_POD, POD_UID, null, CONTAINER));
  }

  @Test
  void kubernetesGuaranteedPodHasNoQosLevelInThePath() {
    WorkloadRef ref = recognise("0::/kubepods/pod" + POD_UID + "/" + CONTAINER);
    assertThat(ref.id()).isEqualTo(POD_UID);
    assertThat(ref.containerId()).isEqualTo(CONTAINER);
  }

  @Test
  void kubernetesSystemdDriverOnCgroupV2TurnsEscapedUidBack() {
    WorkloadRef ref =
        recognise(
            "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
                + POD_UID.replace('-', '_')
                + ".slice/cri-containerd-"
                + CONTAINER
                + ".scope");
    assertThat(ref).isEqualTo(new WorkloadRef(WorkloadKind.KUBERNETES_POD, POD_UID, null, CONTAINER));
  }

  @Test
  void kubernetesSystemdDriverWithCrioAndGuaranteedQos() {
    WorkloadRef ref =
        recognise(
            "0::/kubepods.slice/kubepods-pod"
                + POD_UID.replace('-', '_')
                + ".slice/crio-"
                + CONTAINER
                + ".scope");
    assertThat(ref.id()).isEqualTo(POD_UID);
    assertThat(ref.containerId()).isEqualTo(CONTAINER);
  }

  @Test
  void podSliceWithoutContainerScopeHasNoContainerId() {
    WorkloadRef ref =
        recognise(
            "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + POD_UID.replace('-', '_')
                + ".slice");
    assertThat(ref.id()).isEqualTo(POD_UID);
    assertThat(ref.containerId()).isNull();
  }

  @Test
  void slurmJobOnCgroupV1() {
    WorkloadRef ref =
        recognise(
            "10:devices:/slurm/uid_1000/job_424242/step_0/task_0",
            "4:memory:/slurm/uid_1000/job_424242/step_0/task_0",
            "1:name=systemd:/system.slice/slurmd.service");
    assertThat(ref).isEqualTo(new WorkloadRef(WorkloadKind.SLURM_JOB, "424242", null, null));
  }

  @Test
  void slurmJobOnCgroupV2() {
    WorkloadRef ref =
        recognise("0::/system.slice/slurmstepd.scope/job_77/step_batch/user/task_0");
    assertThat(ref).isEqualTo(new WorkloadRef(WorkloadKind.SLURM_JOB, "77", null, null));
  }

  @Test
  void slurmWithMultipleSlurmdNamesPerNode() {
    assertThat(recognise("4:memory:/slurm_gpu-node-07/uid_0/job_5/step_0").id()).isEqualTo("5");
  }

  @Test
  void systemdService() {
    WorkloadRef ref = recognise("0::/system.slice/triton-inference.service");
    assertThat(ref).isEqualTo(
        new WorkloadRef(WorkloadKind.SYSTEMD_UNIT, "triton-inference.service", null, null));
  }

  @Test
  void userSessionsAndTheRootCgroupAreNotRecognised() {
    assertThat(
            CgroupWorkloads.recognise(
                List.of("0::/user.slice/user-1000.slice/session-4.scope")))
        .isEmpty();
    assertThat(CgroupWorkloads.recognise(List.of("0::/"))).isEmpty();
    assertThat(CgroupWorkloads.recognise(List.of())).isEmpty();
  }

  private static WorkloadRef recognise(String... lines) {
    return CgroupWorkloads.recognise(List.of(lines)).orElseThrow();
  }
}
