package dev.fleetscale.agent.network;

import dev.fleetscale.agent.kernel.Fields;
import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.contracts.telemetry.NicKind;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads every interface's counters from /proc/net/dev (one read for all of them) and its link
 * speed and type from /sys/class/net/&lt;if&gt;/{speed,type}.
 */
final class NetDevReader {

  /** ARPHRD_INFINIBAND in include/uapi/linux/if_arp.h: an IPoIB interface. */
  private static final String ARPHRD_INFINIBAND = "32";

  private final Fields fields = new Fields();

  private final KernelPaths paths;
  private final Pattern exclude;
  /** Link type of the interfaces present: it never changes while the interface exists. */
  private Map<String, NicKind> kinds = new java.util.HashMap<>();

  NetDevReader(KernelPaths paths, Pattern exclude) {
    this.paths = paths;
    this.exclude = exclude;
  }

  Map<String, NicCounters> read() throws IOException {
    Map<String, NicCounters> byInterface = new LinkedHashMap<>();
    Map<String, NicKind> kindsNow = new java.util.HashMap<>();
    for (String line : KernelPaths.lines(paths.proc("net/dev"))) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue; // the two header lines
      }
      String name = line.substring(0, colon).trim();
      if (exclude.matcher(name).matches()) {
        continue;
      }
      Fields f = fields.of(line.substring(colon + 1));
      if (f.count() < 16) {
        continue;
      }
      try {
        NicKind kind = kinds.get(name);
        if (kind == null) {
          kind = kind(name);
        }
        kindsNow.put(name, kind);
        byInterface.put(
            name,
            new NicCounters(
                kind,
                f.unsigned(0),
                f.unsigned(8),
                f.unsigned(1),
                f.unsigned(9),
                f.unsigned(2),
                f.unsigned(10),
                f.unsigned(3),
                f.unsigned(11),
                speedMbps(name)));
      } catch (NumberFormatException e) {
        // a line this parser does not understand costs that interface only
      }
    }
    kinds = kindsNow;
    return byInterface;
  }

  private NicKind kind(String name) {
    return KernelPaths.attribute(paths.sys("class/net").resolve(name).resolve("type"))
            .filter(ARPHRD_INFINIBAND::equals)
            .isPresent()
        ? NicKind.INFINIBAND
        : NicKind.ETHERNET;
  }

  /** The kernel answers -1 (or fails the read with EINVAL) while the link is down. */
  private Long speedMbps(String name) {
    return KernelPaths.longAttribute(paths.sys("class/net").resolve(name).resolve("speed"))
        .filter(s -> s > 0)
        .orElse(null);
  }
}
