package dev.fleetscale.agent.network;

import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.contracts.telemetry.NicKind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the port counters of every RDMA adapter under /sys/class/infiniband (InfiniBand and RoCE),
 * which count RDMA traffic that never passes through the kernel's network stack and is therefore
 * missing from /proc/net/dev. Each port is named {@code <adapter>/<port>}, e.g. "mlx5_0/1".
 *
 * <p>Units: {@code port_rcv_data} and {@code port_xmit_data} count 4-octet words (IBA spec,
 * PortCounters), so they are multiplied by 4. Adapters with the extended (64-bit) counters, which
 * is every mlx5, expose 64-bit values; 32-bit-only adapters saturate rather than wrap, which shows
 * up as a rate of zero, not a wrong one. Errors: receive errors are {@code port_rcv_errors};
 * transmit drops are {@code port_xmit_discards}; IB has no generic transmit-error or receive-drop
 * counter, so those stay null.
 */
final class InfinibandReader {

  private static final Pattern RATE = Pattern.compile("([0-9.]+)\\s*Gb/sec");

  private final KernelPaths paths;

  InfinibandReader(KernelPaths paths) {
    this.paths = paths;
  }

  Map<String, NicCounters> read() throws IOException {
    Map<String, NicCounters> byPort = new LinkedHashMap<>();
    Path root = paths.sys("class/infiniband");
    if (!Files.isDirectory(root)) {
      return byPort;
    }
    for (Path adapter : sortedChildren(root)) {
      Path ports = adapter.resolve("ports");
      if (!Files.isDirectory(ports)) {
        continue;
      }
      for (Path port : sortedChildren(ports)) {
        read(port).ifPresent(c -> byPort.put(adapter.getFileName() + "/" + port.getFileName(), c));
      }
    }
    return byPort;
  }

  private Optional<NicCounters> read(Path port) {
    Path counters = port.resolve("counters");
    Optional<Long> rxWords = unsigned(counters.resolve("port_rcv_data"));
    Optional<Long> txWords = unsigned(counters.resolve("port_xmit_data"));
    if (rxWords.isEmpty() || txWords.isEmpty()) {
      return Optional.empty();
    }
    NicKind kind =
        KernelPaths.attribute(port.resolve("link_layer"))
                .filter("Ethernet"::equalsIgnoreCase)
                .isPresent()
            ? NicKind.ETHERNET
            : NicKind.INFINIBAND;
    return Optional.of(
        new NicCounters(
            kind,
            rxWords.get() * 4,
            txWords.get() * 4,
            unsigned(counters.resolve("port_rcv_packets")).orElse(0L),
            unsigned(counters.resolve("port_xmit_packets")).orElse(0L),
            unsigned(counters.resolve("port_rcv_errors")).orElse(null),
            null,
            null,
            unsigned(counters.resolve("port_xmit_discards")).orElse(null),
            rateMbps(port.resolve("rate"))));
  }

  /** "100 Gb/sec (4X EDR)" is 100000 Mbit/s; "2.5 Gb/sec (1X SDR)" is 2500. */
  static Long rateMbps(Path rateFile) {
    return KernelPaths.attribute(rateFile)
        .map(RATE::matcher)
        .filter(Matcher::find)
        .map(m -> Math.round(Double.parseDouble(m.group(1)) * 1000))
        .filter(mbps -> mbps > 0)
        .orElse(null);
  }

  private static Optional<Long> unsigned(Path file) {
    return KernelPaths.attribute(file)
        .flatMap(
            text -> {
              try {
                return Optional.of(Long.parseUnsignedLong(text));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  private static List<Path> sortedChildren(Path dir) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    }
    children.sort(null);
    return children;
  }
}
