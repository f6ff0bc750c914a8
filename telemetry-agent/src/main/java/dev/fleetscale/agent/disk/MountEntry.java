package dev.fleetscale.agent.disk;

import java.util.ArrayList;
import java.util.List;
import dev.fleetscale.agent.kernel.Fields;

/**
 * One line of a mounts file (fstab format, as /proc/self/mounts prints it).
 *
 * @param device the mounted source, e.g. "/dev/nvme0n1p1" or "tmpfs"
 * @param mountPoint where it is mounted, with the kernel's octal escapes decoded
 * @param fsType filesystem type, e.g. "xfs"
 */
public record MountEntry(String device, String mountPoint, String fsType) {

  /** Parses a mounts file; short lines are skipped. */
  public static List<MountEntry> parse(List<String> lines) {
    List<MountEntry> mounts = new ArrayList<>(lines.size());
    Fields f = new Fields();
    for (String line : lines) {
      if (f.of(line).count() >= 3) {
        mounts.add(new MountEntry(unescape(f.text(0)), unescape(f.text(1)), f.text(2)));
      }
    }
    return mounts;
  }

  /** The kernel writes space, tab, newline and backslash in paths as \040, \011, \012, \134. */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
