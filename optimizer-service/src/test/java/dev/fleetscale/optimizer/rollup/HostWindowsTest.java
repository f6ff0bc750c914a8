package dev.fleetscale.optimizer.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.optimizer.Samples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostWindowsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static List<HostWindows.Closed> feed(HostWindows windows, int from, int to) {
    List<HostWindows.Closed> closed = new ArrayList<>();
    for (int s = from; s <= to; s++) {
      windows.add(Samples.host("h", "p", s, T0.plusSeconds(s), 2, 1, 60 + s % 10), closed::add);
    }
    return closed;
  }

  @Test
  void closesTenSecondWindowsOnTheFirstSampleOfTheNext() {
    List<HostWindows.Closed> closed = feed(new HostWindows(), 1, 21);

    assertThat(closed).extracting(HostWindows.Closed::size, HostWindows.Closed::end)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(WindowSize.S10, T0.plusSeconds(10)),
            org.assertj.core.groups.Tuple.tuple(WindowSize.S10, T0.plusSeconds(20)));
    HostWindows.Closed first = closed.get(0);
    assertThat(first.samples()).isEqualTo(10);
    // GPU 0 runs at 60 + s % 10 for s = 1..10: values 61..69 and 60.
    Stat.Summary gpu0 = first.gpus().get(0).get(RollupMetric.GPU_UTIL);
    assertThat(gpu0.mean()).isEqualTo(64.5);
    assertThat(gpu0.max()).isEqualTo(69.0);
    assertThat(gpu0.p95()).isEqualTo(69.0);
    // Host mean over its two GPUs (the second idles at 0).
    assertThat(first.host().get(RollupMetric.GPU_UTIL).mean()).isEqualTo(32.25);
    assertThat(first.host().get(RollupMetric.POWER).mean()).isEqualTo(570.0);
    assertThat(first.summary().workloads()).singleElement()
        .satisfies(w -> assertThat(w.gpus()).isEqualTo(1));
  }

  @Test
  void longerWindowsAggregateTheTenSecondOnes() {
    List<HostWindows.Closed> closed = feed(new HostWindows(), 1, 61);

    HostWindows.Closed minute = closed.stream().filter(c -> c.size() == WindowSize.M1)
        .findFirst().orElseThrow();
    assertThat(minute.end()).isEqualTo(T0.plusSeconds(60));
    assertThat(minute.samples()).isEqualTo(60);
    assertThat(minute.gpus().get(0).get(RollupMetric.GPU_UTIL).mean()).isEqualTo(64.5);
    assertThat(minute.summary()).isNull();
  }

  @Test
  void aWindowJoinedMidwayAfterARestartIsDroppedNotWrittenPartially() {
    // A new owner (after a restart) starts reading at s = 5: the window ending T0+10 began before.
    List<HostWindows.Closed> closed = feed(new HostWindows(), 5, 21);

    assertThat(closed).extracting(HostWindows.Closed::end).containsExactly(T0.plusSeconds(20));
  }

  @Test
  void olderOrRepeatedSamplesAreRejected() {
    HostWindows windows = new HostWindows();
    feed(windows, 1, 3);

    boolean repeated = windows.add(Samples.host("h", "p", 3, T0.plusSeconds(3), 2, 1, 60),
        c -> { });

    assertThat(repeated).isFalse();
  }
}
