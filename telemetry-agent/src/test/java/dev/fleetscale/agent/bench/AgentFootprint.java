package dev.fleetscale.agent.bench;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.testkit.kafka.KafkaBrokerProcess;
import dev.fleetscale.testkit.nvml.NvmlStub;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The agent's footprint as it runs in production: the start script and the fat jar, in its own
 * process, sampling 8 stub GPUs plus this machine's disks, filesystems and NICs at 1 Hz and
 * publishing to a local Kafka broker (a child JVM, not counted). After a warm-up, it reads the
 * agent's /proc/&lt;pid&gt;/stat (CPU) and /proc/&lt;pid&gt;/status (VmRSS, threads) every second
 * and prints a table. Run from telemetry-agent/ (see docs/benchmarks-agent.md):
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *   [-Dfleetscale.agent.jar=PATH] dev.fleetscale.agent.bench.AgentFootprint [seconds=300] [warmupSeconds=30] [no-xid]</pre>
 */
public final class AgentFootprint {

  private AgentFootprint() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    // The stub answers nvmlEventSetWait_v2 by polling its scenario file every 5 ms, CPU that the real
    // driver (which blocks on a file descriptor) does not spend; "no-xid" turns XID events off.
    boolean xid = !(args.length > 2 && args[2].equals("no-xid"));
    Path jar = findJar();
    Path script = Path.of(System.getProperty("fleetscale.agent.script", "src/main/dist/bin/fleetscale-agent")).toAbsolutePath();
    Path work = Files.createTempDirectory("agent-footprint");
    long ticksPerSecond = Long.parseLong(new String(
        new ProcessBuilder("getconf", "CLK_TCK").start().getInputStream().readAllBytes()).trim());

    try (KafkaBrokerProcess broker = KafkaBrokerProcess.onFreePorts()) {
      broker.start();
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(Topics.TELEMETRY, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      int port = freePort();
      Path scenario = EightGpuStub.writeScenario(work.resolve("eight-h200.scenario"), xid);
      ProcessBuilder agentBuilder = new ProcessBuilder(script.toString())
          .redirectErrorStream(true)
          .redirectOutput(work.resolve("agent.log").toFile());
      agentBuilder.environment().putAll(Map.of(
          "FLEETSCALE_AGENT_JAR", jar.toString(),
          "FLEETSCALE_HOST_ID", "footprint-host",
          "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
          "FLEETSCALE_NVML_LIBRARY", NvmlStub.libraryFile().toString(),
          NvmlStub.SCENARIO_ENV, scenario.toString(),
          "FLEETSCALE_SPOOL_DIR", work.resolve("spool").toString(),
          "FLEETSCALE_HTTP_PORT", Integer.toString(port)));
      Process agent = agentBuilder.start();
      try {
        HttpClient http = HttpClient.newHttpClient();
        waitUntilPublishing(http, port, agent);
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        // The start script execs the JVM, except on the run that records the class-data archive,
        // where it stays as the JVM's parent: measure the JVM either way.
        long pid = agent.children()
            .filter(child -> child.info().command().map(c -> c.endsWith("/java") || c.equals("java")).orElse(false))
            .findFirst().map(ProcessHandle::pid).orElse(agent.pid());
        long cpu0 = cpuTicks(pid);
        Map<String, Long> threads0 = threadTicks(pid);
        double published0 = metric(http, port, "fleetscale_agent_samples_published_total");
        long start = System.nanoTime();
        long rssSum = 0;
        long rssMax = 0;
        long rssMin = Long.MAX_VALUE;
        for (int s = 0; s < seconds; s++) {
          Thread.sleep(1000);
          long rss = status(pid, "VmRSS:");
          rssSum += rss;
          rssMax = Math.max(rssMax, rss);
          rssMin = Math.min(rssMin, rss);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu1 = cpuTicks(pid);
        Map<String, Long> threads1 = threadTicks(pid);
        double published1 = metric(http, port, "fleetscale_agent_samples_published_total");
        double sampleSum = metric(http, port, "fleetscale_agent_sample_duration_seconds_sum");
        double sampleCount = metric(http, port, "fleetscale_agent_sample_duration_seconds_count");
        double dropped = metric(http, port, "fleetscale_agent_samples_dropped_total");
        String gpuLines = body(http, port, "/metrics").lines().filter(l -> l.startsWith("DCGM_FI_DEV_GPU_UTIL{")).count() + "";

        System.out.println();
        System.out.println("| figure | value |");
        System.out.println("| --- | --- |");
        row("measured for", String.format("%.0f s after %d s warm-up", elapsed, warmup));
        row("GPUs per sample (stub H200s)", gpuLines);
        row("samples published", String.format("%.0f (%.2f per second), dropped %.0f", published1 - published0,
            (published1 - published0) / elapsed, dropped));
        row("agent CPU, % of one core", String.format("%.2f %%", 100.0 * (cpu1 - cpu0) / ticksPerSecond / elapsed));
        row("agent RSS, MiB (min / mean / max)", String.format("%.1f / %.1f / %.1f",
            rssMin / 1024.0, rssSum / 1024.0 / seconds, rssMax / 1024.0));
        row("agent threads", Long.toString(status(pid, "Threads:")));
        row("XID events", xid ? "on (the stub polls its file every 5 ms while waiting)" : "off");
        row("busiest threads, % of one core", busiest(threads0, threads1, ticksPerSecond, elapsed));
        row("mean time to take one sample", String.format("%.2f ms", 1000 * sampleSum / sampleCount));
        row("class-data archive of the agent", pid != agent.pid() ? "being recorded (first start)"
            : mapsAgentArchive(pid) ? "mapped" : "none");
        row("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
            + ", flags of src/main/dist/bin/fleetscale-agent");
      } finally {
        agent.destroy();
        if (!agent.waitFor(20, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
    }
  }

  /** Whether the process maps the start script's class-data archive (fleetscale-agent-KEY.jsa). */
  private static boolean mapsAgentArchive(long pid) throws IOException {
    try (var lines = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
      return lines.anyMatch(line -> line.matches(".*/fleetscale-agent-[0-9]+\\.jsa"));
    }
  }

  /** CPU ticks per thread name (threads of one name summed). */
  private static Map<String, Long> threadTicks(long pid) throws IOException {
    Map<String, Long> ticks = new java.util.HashMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "N");
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (IOException e) {
          // the thread ended
        }
      }
    }
    return ticks;
  }

  private static String busiest(Map<String, Long> before, Map<String, Long> after, long hz, double seconds) {
    return after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(5)
        .map(e -> String.format("%s %.2f", e.getKey(), 100.0 * e.getValue() / hz / seconds))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static void row(String figure, String value) {
    System.out.println("| " + figure + " | " + value + " |");
  }

  private static Path findJar() throws IOException {
    String given = System.getProperty("fleetscale.agent.jar");
    if (given != null) {
      return Path.of(given).toAbsolutePath();
    }
    try (var files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no target/*-all.jar: run mvn -pl telemetry-agent package first"))
          .toAbsolutePath();
    }
  }

  private static void waitUntilPublishing(HttpClient http, int port, Process agent) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!agent.isAlive()) {
        throw new IllegalStateException("the agent exited with " + agent.exitValue() + "; see its log");
      }
      try {
        if (metric(http, port, "fleetscale_agent_samples_published_total") > 0) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the agent published nothing within 60 s");
  }

  private static String body(HttpClient http, int port, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The value of the first series of {@code name} on /metrics. */
  private static double metric(HttpClient http, int port, String name) throws Exception {
    for (String line : body(http, port, "/metrics").lines().toList()) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/pid/stat). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** A number from /proc/pid/status, e.g. "VmRSS:" in KiB. */
  private static long status(long pid, String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException(key + " not in /proc/" + pid + "/status");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
