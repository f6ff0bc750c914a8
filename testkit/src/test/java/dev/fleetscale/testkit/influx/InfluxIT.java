package dev.fleetscale.testkit.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.influxdb.exceptions.BadRequestException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfluxIT {

  @RegisterExtension static final InfluxExtension influx = new InfluxExtension();

  private static final Instant AT = Instant.parse("2026-11-28T10:15:30.123456789Z");

  @Test
  void pointWrittenThroughV2ApiReadsBackWithInfluxQL() {
    influx.client().getWriteApiBlocking().writePoint(gpuPoint("gpu-01", 0.75, 61));

    List<Map<String, Object>> rows = influx.query("SELECT * FROM gpu_sample WHERE host = 'gpu-01'");

    assertThat(rows).containsExactly(
        Map.of("time", nanos(AT), "host", "gpu-01", "pool", "training", "utilization", 0.75,
            "temperature_c", 61L));
  }

  @Test
  void gzipWriteReadsBack() {
    try (InfluxDBClient gzipClient =
        InfluxDBClientFactory.create(influx.url(), influx.token(), influx.org(), influx.bucket())) {
      gzipClient.enableGzip();
      gzipClient.getWriteApiBlocking().writePoint(gpuPoint("gpu-02", 0.5, 70));
    }

    assertThat(influx.query("SELECT utilization, temperature_c FROM gpu_sample WHERE host = 'gpu-02'"))
        .containsExactly(Map.of("time", nanos(AT), "utilization", 0.5, "temperature_c", 70L));
  }

  @Test
  void samePointTwiceIsOnePoint() {
    WriteApiBlocking writes = influx.client().getWriteApiBlocking();
    writes.writePoint(gpuPoint("gpu-03", 0.25, 55));
    writes.writePoint(gpuPoint("gpu-03", 0.25, 55));

    assertThat(influx.query("SELECT count(utilization) FROM gpu_sample WHERE host = 'gpu-03'"))
        .extracting(row -> row.get("count"))
        .containsExactly(1L);
  }

  @Test
  void badLineProtocolIsA400WithInfluxMessage() throws Exception {
    WriteApiBlocking writes = influx.client().getWriteApiBlocking();
    assertThatThrownBy(() -> writes.writeRecord(WritePrecision.NS, "gpu_sample,host=x utilization="))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("unable to parse");

    HttpResponse<String> raw = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(influx.url() + "/api/v2/write?org=fleetscale&bucket="
                + influx.bucket() + "&precision=ms"))
            .POST(HttpRequest.BodyPublishers.ofString("not line protocol"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(400);
    assertThat(raw.body()).contains("unable to parse 'not line protocol'");
  }

  @Test
  void bridgeAnswersHealth() throws Exception {
    assertThat(influx.client().health().getStatus().getValue()).isEqualTo("pass");
    assertThat(influx.client().ping()).isTrue();
  }

  @Test
  void reportsStartUpTimeAndMemory() {
    try (InfluxdProcess influxd = InfluxdProcess.onFreePorts()) {
      influxd.start();
      long rssKiB = influxd.residentSetKiB().orElseThrow();
      System.out.printf(
          "influxd: ready in %d ms, RSS %d MiB%n", influxd.lastStartDuration().toMillis(), rssKiB / 1024);
      assertThat(influxd.lastStartDuration()).isLessThan(InfluxdProcess.START_TIMEOUT);
      assertThat(rssKiB).isPositive();
    }
  }

  private static Point gpuPoint(String host, double utilization, long temperature) {
    return Point.measurement("gpu_sample")
        .addTag("host", host)
        .addTag("pool", "training")
        .addField("utilization", utilization)
        .addField("temperature_c", temperature)
        .time(AT, WritePrecision.NS);
  }

  private static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }
}
