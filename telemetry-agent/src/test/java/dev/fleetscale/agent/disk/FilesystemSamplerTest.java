package dev.fleetscale.agent.disk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.agent.kernel.FakeKernel;
import dev.fleetscale.contracts.telemetry.FilesystemSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemSamplerTest {

  @TempDir Path dir;

  @Test
  void reportsWantedTypesWithStatvfsSizesAndDecodesEscapedMountPoints() throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("scratch space"));
    FakeKernel kernel = FakeKernel.copyInto(dir.resolve("host"));
    kernel.write(
        "proc/self/mounts",
        "proc /proc proc rw,relatime 0 0",
        "/dev/nvme0n1p1 " + scratch.toString().replace(" ", "\\040") + " xfs rw 0 0",
        "/dev/sdz1 " + dir.resolve("gone") + " ext4 rw 0 0");

    List<FilesystemSample> samples =
        new FilesystemSampler(
                kernel.paths().proc("self/mounts"), Path.of("/"), Set.of("xfs", "ext4"))
            .sample();

    assertThat(samples).extracting(FilesystemSample::mountPoint)
        .containsExactly(scratch.toString(), dir.resolve("gone").toString());
    FilesystemSample xfs = samples.get(0);
    assertThat(xfs.device()).isEqualTo("/dev/nvme0n1p1");
    assertThat(xfs.fsType()).isEqualTo("xfs");
    assertThat(xfs.capacityBytes()).isEqualTo(Files.getFileStore(scratch).getTotalSpace());
    assertThat(xfs.usedBytes()).isBetween(0L, xfs.capacityBytes());
    FilesystemSample gone = samples.get(1);
    assertThat(gone.capacityBytes()).isNull();
    assertThat(gone.usedBytes()).isNull();
  }
}
