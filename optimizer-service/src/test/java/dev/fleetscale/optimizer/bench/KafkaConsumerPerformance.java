package dev.fleetscale.optimizer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own consumer performance tool ({@code kafka-consumer-perf-test.sh}, class {@code
 * org.apache.kafka.tools.ConsumerPerformance} of Kafka 4.1.1) as a child JVM on the broker's
 * class path (resource {@code fleetscale/kafka-broker.classpath} of the kafka-broker module), so
 * the benchmark's baseline is the tool itself rather than a loop that imitates it.
 */
final class KafkaConsumerPerformance {

  private static final String CLASSPATH_RESOURCE = "fleetscale/kafka-broker.classpath";

  /**
   * One line of the tool's output.
   *
   * @param mbPerSec MB.sec: MiB consumed per second from start to end, group join included
   * @param msgPerSec nMsg.sec: records per second, group join included
   * @param fetchMsgPerSec fetch.nMsg.sec: records per second once the group is joined (the
   *     stricter baseline: the optimizer's figure also starts at its first record)
   * @param rebalanceMs rebalance.time.ms: time to join the group
   */
  record Result(double mbPerSec, double msgPerSec, double fetchMsgPerSec, long rebalanceMs) {}

  private KafkaConsumerPerformance() {}

  /** Reads {@code messages} records of {@code topic} from the beginning in a fresh group. */
  static Result run(String bootstrap, String topic, long messages) throws IOException,
      InterruptedException {
    String classpath;
    try (InputStream in = KafkaConsumerPerformance.class.getClassLoader()
        .getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CLASSPATH_RESOURCE + " missing: build kafka-broker");
      }
      classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, "org.apache.kafka.tools.ConsumerPerformance",
        "--bootstrap-server", bootstrap, "--topic", topic,
        "--messages", Long.toString(messages), "--timeout", "60000",
        "--group", "bench-perf-" + UUID.randomUUID()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("ConsumerPerformance failed:\n" + output);
    }
    return parse(output);
  }

  /**
   * Parses the header line (start.time, end.time, data.consumed.in.MB, MB.sec,
   * data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec,
   * fetch.nMsg.sec) and the data line after it, by column name.
   */
  static Result parse(String output) {
    String[] lines = output.lines().toArray(String[]::new);
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].startsWith("start.time")) {
        List<String> header = Arrays.stream(lines[i].split(",")).map(String::trim).toList();
        String[] values = lines[i + 1].split(",");
        return new Result(
            Double.parseDouble(values[header.indexOf("MB.sec")].trim()),
            Double.parseDouble(values[header.indexOf("nMsg.sec")].trim()),
            Double.parseDouble(values[header.indexOf("fetch.nMsg.sec")].trim()),
            Long.parseLong(values[header.indexOf("rebalance.time.ms")].trim()));
      }
    }
    throw new IllegalStateException("no result line in ConsumerPerformance output:\n" + output);
  }
}
