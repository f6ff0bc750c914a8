package dev.fleetscale.contracts.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.influxdb.query.InfluxQLQueryResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxQlTest {

  /** An answer as influxdb-client-java builds it from InfluxDB's CSV: every cell is text. */
  private static InfluxQLQueryResult answer() {
    Map<String, Integer> columns = new LinkedHashMap<>();
    columns.put("time", 0);
    columns.put("shortfall", 1);
    columns.put("demand_id", 2);
    columns.put("enabled", 3);
    InfluxQLQueryResult.Series gpu = new InfluxQLQueryResult.Series("capacity_demand", Map.of("resource", "GPU_COUNT"), columns);
    gpu.addRecord(gpu.new Record(new Object[] {"1700000000000000000", "12.5", "d-1", "true"}));
    gpu.addRecord(gpu.new Record(new Object[] {"1700000060000000000", "", "d-2", "false"}));
    InfluxQLQueryResult.Series ssd = new InfluxQLQueryResult.Series("capacity_demand", Map.of("resource", "SSD_BYTES"), columns);
    ssd.addRecord(ssd.new Record(new Object[] {"1700000000000000000", "3e9", null, "true"}));
    return new InfluxQLQueryResult(List.of(new InfluxQLQueryResult.Result(0, List.of(gpu, ssd))));
  }

  @Test
  void everySeriesAndRowIsReadWithCellsByColumn() {
    List<InfluxQl.Series> series = InfluxQl.series(answer());

    assertThat(series).extracting(InfluxQl.Series::tags)
        .containsExactly(Map.of("resource", "GPU_COUNT"), Map.of("resource", "SSD_BYTES"));
    assertThat(series.get(0).columns()).containsExactly("time", "shortfall", "demand_id", "enabled");
    InfluxQl.Row first = series.get(0).rows().get(0);
    assertThat(first.text("demand_id")).isEqualTo("d-1");
    assertThat(first.number("shortfall")).isEqualTo(12.5);
    assertThat(first.tags()).containsEntry("resource", "GPU_COUNT");
    assertThat(series.get(1).rows().get(0).number("shortfall")).isEqualTo(3e9);
  }

  @Test
  void anEmptyCellIsAbsentAndNotANumber() {
    InfluxQl.Row second = InfluxQl.series(answer()).get(0).rows().get(1);
    InfluxQl.Row nullCell = InfluxQl.series(answer()).get(1).rows().get(0);

    assertThat(second.text("shortfall")).isNull();
    assertThat(second.number("shortfall")).isNaN();
    assertThat(second.cells()).doesNotContainKey("shortfall");
    assertThat(nullCell.text("demand_id")).isNull();
    assertThat(second.text("no_such_column")).isNull();
  }

  @Test
  void cellsAreTypedFromTheirText() {
    Map<String, Object> typed = InfluxQl.series(answer()).get(0).rows().get(0).typed();

    assertThat(typed).containsExactly(
        Map.entry("time", 1_700_000_000_000_000_000L),
        Map.entry("shortfall", 12.5),
        Map.entry("demand_id", "d-1"),
        Map.entry("enabled", true));
    assertThat(InfluxQl.typed("-2")).isEqualTo(-2L);
    assertThat(InfluxQl.typed("1e3")).isEqualTo(1000.0);
    assertThat(InfluxQl.typed("99999999999999999999")).isEqualTo("99999999999999999999");
    assertThat(InfluxQl.typed("")).isNull();
  }

  @Test
  void aNullAnswerHasNoSeries() {
    assertThat(InfluxQl.series(null)).isEmpty();
  }
}
