package dev.fleetscale.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.runtime.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Meters read at scrape time keep reading after a GC (Micrometer's default is a weak reference). */
class AgentMetricsTest {

  @Test
  void aFunctionCounterFedByALambdaStillCountsAfterGarbageCollection() {
    PrometheusMeterRegistry registry = Metrics.registry("telemetry-agent");
    AgentMetrics metrics = new AgentMetrics(registry);
    AtomicLong failures = new AtomicLong();
    // The lambda is referenced only by the meter, as in AgentVerticle.
    metrics.functionCounter("test.nvml.errors", "test", () -> failures.get());
    metrics.gauge("test.depth", "test", new AtomicLong(7), AtomicLong::get);

    collectGarbage();
    failures.set(149);

    assertThat(registry.get("test.nvml.errors").functionCounter().count()).isEqualTo(149.0);
    assertThat(registry.get("test.depth").gauge().value()).isEqualTo(7.0);
    assertThat(registry.scrape()).contains("test_nvml_errors_total{service=\"telemetry-agent\"} 149.0");
  }

  /** Runs GCs until a weakly held probe object is gone, so weak references have been cleared. */
  private static void collectGarbage() {
    WeakReference<Object> probe = new WeakReference<>(new Object());
    for (int i = 0; i < 50 && probe.get() != null; i++) {
      System.gc();
    }
    assertThat(probe.get()).as("a GC cleared weak references").isNull();
  }
}
