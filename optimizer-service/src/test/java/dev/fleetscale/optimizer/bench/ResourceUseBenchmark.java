package dev.fleetscale.optimizer.bench;

import dev.fleetscale.contracts.telemetry.FilesystemSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.optimizer.Samples;
import dev.fleetscale.optimizer.rollup.HostResourceUse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What computing the forecast resources costs the ingest path per sample: {@link
 * HostResourceUse#add} on a host with 8 GPUs, 4 disks, 3 filesystems (one bind mount) and 4 NICs.
 * Args: samples per round (default 5,000,000), rounds (default 5; the first warms the JIT up).
 */
public final class ResourceUseBenchmark {

  private ResourceUseBenchmark() {}

  public static void main(String[] args) {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    HostSample sample = Samples.withDevices(
        Samples.host("h", "p", 1, Instant.EPOCH, 8, 6, 60),
        List.of(Samples.disk("nvme0n1", 1e9, 1e9), Samples.disk("nvme1n1", 1e9, 1e9),
            Samples.disk("nvme2n1", 1e9, 1e9), Samples.disk("sda", 1e6, 1e6)),
        List.of(new FilesystemSample("/", "/dev/sda1", "ext4", 500L << 30, 50L << 30),
            new FilesystemSample("/scratch", "/dev/md0", "xfs", 30L << 40, 10L << 40),
            new FilesystemSample("/var/lib/kubelet", "/dev/md0", "xfs", 30L << 40, 10L << 40)),
        List.of(Samples.nic("eth0", 1e9, 1e9, 100_000L), Samples.nic("ib0", 1e9, 1e9, 400_000L),
            Samples.nic("ib1", 1e9, 1e9, 400_000L), Samples.nic("ib2", 1e9, 1e9, 400_000L)));
    System.out.println("| round | samples | ns per sample |");
    System.out.println("|---|---|---|");
    long keep = 0;
    for (int round = 1; round <= rounds; round++) {
      HostResourceUse use = new HostResourceUse();
      long start = System.nanoTime();
      for (int i = 0; i < samples; i++) {
        use.add(sample);
      }
      long elapsed = System.nanoTime() - start;
      keep += use.summary().disks();
      System.out.printf(Locale.ROOT, "| %d | %,d | %.0f |%n", round, samples,
          elapsed / (double) samples);
    }
    if (keep == 42) {
      System.out.println(); // keeps the loop's result alive
    }
  }
}
