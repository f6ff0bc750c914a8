package dev.fleetscale.optimizer.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostQueryTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:25:00Z");
  private static final Duration MAX = Duration.ofDays(400);

  private static CostQuery parse(String... kv) {
    Map<String, String> p = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return CostQuery.parse(p, NOW, MAX);
  }

  @Test
  void aRelativeWindowEndsAtTheLastWholeHour() {
    CostQuery q = parse("window", "7d", "aggregate", "pool", "step", "1d");
    assertThat(q.end()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
    assertThat(q.start()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(q.step()).isEqualTo(Duration.ofDays(1));
    assertThat(q.idle()).isEqualTo(CostQuery.Idle.SEPARATE);
    assertThat(q.csv()).isFalse();
  }

  @Test
  void defaultsAndEveryForm() {
    CostQuery q = parse("window", "2026-12-01T00:00:00Z,2026-12-01T06:00:00Z",
        "aggregate", "label:team", "idle", "byHost", "format", "csv");
    assertThat(q.step()).isEqualTo(Duration.ofHours(6)); // no step: the whole window
    assertThat(q.aggregate()).isEqualTo(CostQuery.Aggregate.LABEL);
    assertThat(q.labelKey()).isEqualTo("team");
    assertThat(q.idle()).isEqualTo(CostQuery.Idle.BY_HOST);
    assertThat(q.csv()).isTrue();
    assertThat(parse("window", "24h").aggregate()).isEqualTo(CostQuery.Aggregate.POOL);
    assertThat(parse("window", "24h", "aggregate", "gpu", "idle", "share").idle())
        .isEqualTo(CostQuery.Idle.SHARE);
  }

  @Test
  void badParametersNameTheParameterAndTheRule() {
    assertThatThrownBy(() -> parse()).hasMessage(
        "window: required: <n>h, <n>d or <start>,<end> (RFC 3339), was absent");
    assertThatThrownBy(() -> parse("window", "7x")).hasMessage(
        "window: must be <n>h, <n>d or <start>,<end> (RFC 3339), was '7x'");
    assertThatThrownBy(() -> parse("window", "0h")).hasMessage(
        "window: must be at least 1h, was '0h'");
    assertThatThrownBy(() -> parse("window", "401d")).hasMessage(
        "window: must be at most 400d, was '401d'");
    assertThatThrownBy(() -> parse("window",
        "2026-12-01T00:30:00Z,2026-12-01T06:00:00Z")).hasMessageStartingWith(
        "window: start and end must be on whole hours");
    assertThatThrownBy(() -> parse("window", "7d", "aggregate", "namespace")).hasMessage(
        "aggregate: must be pool, workload, host, gpu or label:KEY, was 'namespace'");
    assertThatThrownBy(() -> parse("window", "7d", "aggregate", "label:")).hasMessage(
        "aggregate: label:KEY needs a label key, was 'label:'");
    assertThatThrownBy(() -> parse("window", "7d", "step", "5d")).hasMessage(
        "step: must divide the window (168h), was '5d'");
    assertThatThrownBy(() -> parse("window", "7d", "step", "30m")).hasMessage(
        "step: must be <n>h or <n>d, n >= 1, was '30m'");
    assertThatThrownBy(() -> parse("window", "7d", "idle", "true")).hasMessage(
        "idle: must be separate, share or byHost, was 'true'");
    assertThatThrownBy(() -> parse("window", "7d", "format", "xml")).hasMessage(
        "format: must be json or csv, was 'xml'");
    assertThatThrownBy(() -> parse("window", "7d", "shareIdle", "true")).hasMessageStartingWith(
        "shareIdle: unknown parameter");
  }

  @Test
  void theQueryAlignsStepsToTheWindowNotTheEpoch() {
    CostQuery q = parse("window", "2026-12-01T05:00:00Z,2026-12-03T05:00:00Z", "step", "1d");
    String sql = CostReport.influxql(q);
    long start = Instant.parse("2026-12-01T05:00:00Z").toEpochMilli();
    assertThat(sql).contains("time > " + start + "ms")
        .contains("GROUP BY time(86400000ms, " + ((start + 1) % 86_400_000L) + "ms)")
        .contains("\"pool\", \"host\", \"workload\" fill(none)")
        .doesNotContain("\"gpu\"");
  }
}
