package dev.fleetscale.contracts.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.query.InfluxQLQueryResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one reader of InfluxQL answers. influxdb-client-java's InfluxQL API asks for
 * {@code application/csv} and hands every cell over as CSV text; this turns an answer into
 * series of rows with the cells by column name, and reads each cell one way everywhere: an empty
 * cell (InfluxQL's null) is absent, numbers are parsed from the text. Stateless and thread-safe.
 */
public final class InfluxQl {

  private static final Pattern INTEGER = Pattern.compile("-?\\d+");
  private static final Pattern DECIMAL =
      Pattern.compile("-?(\\d+\\.\\d*|\\d*\\.\\d+)([eE][-+]?\\d+)?|-?\\d+[eE][-+]?\\d+");

  private InfluxQl() {}

  /**
   * One series of an answer: the measurement, its GROUP BY tags, its columns ({@code time}
   * first, as InfluxDB orders them) and its rows, in order.
   */
  public record Series(String name, Map<String, String> tags, List<String> columns, List<Row> rows) {}

  /**
   * One row: its series' tags and the cells by column, in the series' column order, each the CSV
   * text the server sent, or absent when empty.
   */
  public record Row(Map<String, String> tags, Map<String, String> cells) {

    /** The cell's text; null when the column is absent or the cell empty. */
    public String text(String column) {
      return cells.get(column);
    }

    /** The cell as a number; NaN when the column is absent or the cell empty. */
    public double number(String column) {
      String text = cells.get(column);
      return text == null ? Double.NaN : Double.parseDouble(text);
    }

    /** Every cell, typed by {@link #typed(String)}, in column order. */
    public Map<String, Object> typed() {
      Map<String, Object> out = new LinkedHashMap<>();
      cells.forEach((column, text) -> out.put(column, InfluxQl.typed(text)));
      return out;
    }
  }

  /**
   * Runs {@code influxql} against {@code database} (on 2.x, the bucket's DBRP database).
   *
   * @return the series of every statement, in order; empty when nothing matched
   * @throws RuntimeException (the client's {@code InfluxException}) with InfluxDB's message when
   *     the server rejects the query
   */
  public static List<Series> query(InfluxDBClient client, String database, String influxql) {
    return series(client.getInfluxQLQueryApi().query(new InfluxQLQuery(influxql, database)));
  }

  /** The series of every statement of an answer, in order; empty for a null answer. */
  public static List<Series> series(InfluxQLQueryResult result) {
    List<Series> out = new ArrayList<>();
    if (result == null) {
      return out;
    }
    for (InfluxQLQueryResult.Result statement : result.getResults()) {
      for (InfluxQLQueryResult.Series s : statement.getSeries()) {
        Map<String, String> tags = s.getTags() == null
            ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(s.getTags()));
        List<Row> rows = new ArrayList<>(s.getValues().size());
        for (InfluxQLQueryResult.Series.Record record : s.getValues()) {
          Object[] values = record.getValues();
          Map<String, String> cells = new LinkedHashMap<>();
          s.getColumns().forEach((column, index) -> {
            Object cell = index < values.length ? values[index] : null;
            String text = cell == null ? "" : String.valueOf(cell);
            if (!text.isEmpty()) {
              cells.put(column, text);
            }
          });
          rows.add(new Row(tags, Collections.unmodifiableMap(cells)));
        }
        out.add(new Series(s.getName(), tags, List.copyOf(s.getColumns().keySet()), List.copyOf(rows)));
      }
    }
    return out;
  }

  /**
   * A cell's CSV text as a value: {@code true}/{@code false} are {@code Boolean}, integers
   * {@code Long} (a time column is nanoseconds since the epoch), other numbers {@code Double},
   * the rest {@code String}; null for null or empty. CSV cannot tell the float 2.0 from the
   * integer 2: compare numbers numerically.
   */
  public static Object typed(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (text.equals("true") || text.equals("false")) {
      return Boolean.valueOf(text);
    }
    if (INTEGER.matcher(text).matches()) {
      try {
        return Long.valueOf(text);
      } catch (NumberFormatException e) {
        return text;
      }
    }
    if (DECIMAL.matcher(text).matches()) {
      return Double.valueOf(text);
    }
    return text;
  }
}
