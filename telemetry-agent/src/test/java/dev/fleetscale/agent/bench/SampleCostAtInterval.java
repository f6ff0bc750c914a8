package dev.fleetscale.agent.bench;

import dev.fleetscale.agent.attribution.WorkloadResolver;
import dev.fleetscale.agent.config.AgentConfig;
import dev.fleetscale.agent.nvml.GpuHealthListener;
import dev.fleetscale.agent.nvml.NvmlGpuReader;
import dev.fleetscale.agent.nvml.NvmlLibrary;
import dev.fleetscale.agent.sampling.HostSampler;
import dev.fleetscale.contracts.serde.EventCodec;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The CPU one sample costs when samples come once a second, as the agent takes them: the thread
 * CPU time of each part, with a pause before every sample. A tight loop (JMH's
 * {@code SampleBenchmark}) keeps caches warm and the JIT busy on exactly this code, which a 1 Hz
 * agent never has; this is the figure to hold against {@code sample_floor ... all 1000}, the C
 * floor at the same cadence. Run from telemetry-agent/ (docs/benchmarks-agent.md):
 *
 * <pre>java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *   dev.fleetscale.agent.bench.SampleCostAtInterval [samples=90] [pauseMs=1000]</pre>
 *
 * The first third of the samples is warm-up and is left out of the table.
 */
public final class SampleCostAtInterval {

  private SampleCostAtInterval() {}

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 90;
    long pauseMs = args.length > 1 ? Long.parseLong(args[1]) : 1000;
    String library = EightGpuStub.useInThisJvm(
        EightGpuStub.writeScenario(Files.createTempFile("interval-eight-h200", ".scenario"), false));
    AgentConfig config = benchConfig(library);
    NvmlGpuReader gpus = NvmlGpuReader.create(NvmlLibrary.load(config.nvmlLibrary()),
        new WorkloadResolver(config.kernel())::resolve, GpuHealthListener.IGNORE, Clock.systemUTC());
    if (!gpus.start().available()) {
      throw new IllegalStateException("stub NVML did not start: " + gpus.status().reason());
    }
    HostSampler kernelOnly = sampler(config, List::of);
    HostSampler whole = sampler(config, gpus::readSamples);
    EventCodec<HostSample> codec = EventCodec.of(EventType.HOST_SAMPLE);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] totals = new long[4];
    int counted = 0;
    int gpuCount = 0;
    for (int i = 0; i < samples; i++) {
      Thread.sleep(pauseMs);
      long t0 = threads.getCurrentThreadCpuTime();
      gpuCount = gpus.readSamples().size();
      long t1 = threads.getCurrentThreadCpuTime();
      kernelOnly.sample(i, System.nanoTime());
      long t2 = threads.getCurrentThreadCpuTime();
      HostSample sample = whole.sample(i, System.nanoTime());
      long t3 = threads.getCurrentThreadCpuTime();
      codec.encode(sample);
      long t4 = threads.getCurrentThreadCpuTime();
      if (i >= samples / 3) {
        counted++;
        totals[0] += t1 - t0;
        totals[1] += t2 - t1;
        totals[2] += t3 - t2;
        totals[3] += t4 - t3;
      }
    }
    gpus.stop();
    System.out.printf("%n%d samples (after %d of warm-up), one every %d ms, %d stub GPUs; thread CPU per sample:%n%n",
        counted, samples - counted, pauseMs, gpuCount);
    System.out.println("| part | µs of CPU |");
    System.out.println("| --- | --- |");
    String[] parts = {"GPUs only (NVML through JNA)", "disks, filesystems, NICs, CPU, memory only",
        "whole sample", "JSON encoding of the whole sample"};
    for (int p = 0; p < parts.length; p++) {
      System.out.printf("| %s | %.0f |%n", parts[p], totals[p] / 1e3 / counted);
    }
  }

  /** A sampler over this machine's kernel files and {@code gpus}, failing loudly (benchmarks). */
  /** The benchmarks' configuration: this machine's kernel files, the stub library, a bench identity. */
  static AgentConfig benchConfig(String library) {
    return AgentConfig.load(null, Map.of("FLEETSCALE_NVML_LIBRARY", library, "FLEETSCALE_HOST_CLUSTER", "bench",
        "FLEETSCALE_HOST_POOL", "bench", "FLEETSCALE_HOST_LABELS", "rack=r1"), () -> "bench-host");
  }

  static HostSampler sampler(AgentConfig config, Supplier<List<GpuSample>> gpus) {
    return HostSampler.fromConfig(config, gpus, Clock.systemUTC(), part -> {
      throw new IllegalStateException("sampling " + part + " failed");
    });
  }
}
