package dev.fleetscale.agent.disk;

import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.contracts.telemetry.FilesystemSample;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Capacity and used space of every mounted filesystem of a wanted type.
 *
 * <p>Space comes from statvfs through {@link FileStore} (the JDK's own binding, so no native code
 * of ours): capacity is {@code f_blocks * f_frsize}, used is capacity minus {@code f_bfree}, the
 * same "Used" that {@code df} prints. A mount point shadowed by a later mount on the same path is
 * reported once (the later one, which is what statvfs sees). A mount that cannot be queried (it
 * went away, or permission) is reported without sizes rather than failing the sample.
 *
 * <p>Not thread-safe: one sampling thread calls {@link #sample()}.
 */
public final class FilesystemSampler {

  private final Path mountsFile;
  private final Path hostRoot;
  private final Set<String> fsTypes;
  /**
   * Looking a FileStore up scans the mount table (tens of microseconds); its size queries are one
   * statvfs each. So stores are kept per mount point while the mount exists.
   */
  private Map<String, FileStore> stores = new java.util.HashMap<>();

  /**
   * @param mountsFile the mounts table, e.g. /proc/self/mounts (or /host/proc/1/mounts in a
   *     container that sees the host's PID namespace)
   * @param hostRoot where the host's root filesystem is visible to this process ("/" on the host
   *     itself); mount points are resolved below it for statvfs
   * @param fsTypes filesystem types to report (real storage, not proc, cgroup, overlay ...)
   */
  public FilesystemSampler(Path mountsFile, Path hostRoot, Set<String> fsTypes) {
    this.mountsFile = mountsFile;
    this.hostRoot = hostRoot;
    this.fsTypes = Set.copyOf(fsTypes);
  }

  /** The filesystems mounted now, in mount-table order. */
  public List<FilesystemSample> sample() throws IOException {
    Map<String, MountEntry> byMountPoint = new LinkedHashMap<>();
    for (MountEntry mount : MountEntry.parse(KernelPaths.lines(mountsFile))) {
      if (fsTypes.contains(mount.fsType())) {
        byMountPoint.remove(mount.mountPoint());
        byMountPoint.put(mount.mountPoint(), mount);
      }
    }
    List<FilesystemSample> samples = new ArrayList<>(byMountPoint.size());
    Map<String, FileStore> current = new java.util.HashMap<>();
    for (MountEntry mount : byMountPoint.values()) {
      Long capacity = null;
      Long used = null;
      try {
        FileStore store = stores.get(mount.mountPoint());
        if (store == null) {
          store = Files.getFileStore(resolve(mount.mountPoint()));
        }
        capacity = store.getTotalSpace();
        used = capacity - store.getUnallocatedSpace();
        current.put(mount.mountPoint(), store);
      } catch (IOException | SecurityException e) {
        // reported without sizes: the mount exists, its size is not known right now
      }
      samples.add(
          new FilesystemSample(
              mount.mountPoint(),
              mount.device().startsWith("/") ? mount.device() : null,
              mount.fsType(),
              capacity,
              used));
    }
    stores = current;
    return samples;
  }

  private Path resolve(String mountPoint) {
    return hostRoot.resolve(mountPoint.startsWith("/") ? mountPoint.substring(1) : mountPoint);
  }
}
