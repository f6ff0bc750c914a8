package dev.fleetscale.infra.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Grafana provisioning under {@code infra/grafana}, parsed: the datasource, the dashboard
 * provider, every dashboard, and the alert rules. Parsing is strict (Jackson fails on malformed
 * YAML or JSON with the position), so a broken file fails the tests that load it.
 */
final class GrafanaFiles {

  static final String DATASOURCE_UID = "fleetscale-influxdb";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One InfluxQL query in a dashboard: where it is, and the text. */
  record PanelQuery(String dashboard, String panel, String refId, JsonNode datasource, String query) {
    @Override
    public String toString() {
      return dashboard + " / " + panel + " / " + refId;
    }
  }

  private final Path root;

  GrafanaFiles(Path grafanaDir) {
    this.root = grafanaDir;
  }

  /** {@code infra/grafana} seen from the infra module's base directory (Maven's working dir). */
  static GrafanaFiles ofModule() {
    return new GrafanaFiles(moduleDir().resolve("grafana"));
  }

  static Path moduleDir() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  JsonNode datasourceFile() {
    return yaml(root.resolve("provisioning/datasources/fleetscale-influxdb.yaml"));
  }

  JsonNode dashboardProviderFile() {
    return yaml(root.resolve("provisioning/dashboards/fleetscale.yaml"));
  }

  JsonNode alertingFile() {
    return yaml(root.resolve("provisioning/alerting/fleetscale-alerts.yaml"));
  }

  List<Path> dashboardPaths() {
    try (Stream<Path> files = Files.list(root.resolve("dashboards"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> dashboards() {
    return dashboardPaths().stream().map(GrafanaFiles::json).toList();
  }

  List<AlertRule> alertRules() {
    List<AlertRule> rules = new ArrayList<>();
    for (JsonNode group : alertingFile().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        rules.add(AlertRule.of(rule));
      }
    }
    return rules;
  }

  /** Every panel target, rows' nested panels included. */
  List<PanelQuery> panelQueries() {
    List<PanelQuery> out = new ArrayList<>();
    for (JsonNode dashboard : dashboards()) {
      collect(dashboard.path("uid").asText(), dashboard.path("panels"), out);
    }
    return out;
  }

  private static void collect(String dashboard, JsonNode panels, List<PanelQuery> out) {
    for (JsonNode panel : panels) {
      collect(dashboard, panel.path("panels"), out);
      for (JsonNode target : panel.path("targets")) {
        out.add(new PanelQuery(dashboard, panel.path("title").asText(), target.path("refId").asText(),
            target.path("datasource"), target.path("query").asText()));
      }
    }
  }

  /** Every template variable query ({@code SHOW TAG VALUES …}), as dashboard uid → query. */
  List<PanelQuery> variableQueries() {
    List<PanelQuery> out = new ArrayList<>();
    for (JsonNode dashboard : dashboards()) {
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          out.add(new PanelQuery(dashboard.path("uid").asText(), "$" + variable.path("name").asText(),
              "variable", variable.path("datasource"), variable.path("query").asText()));
        }
      }
    }
    return out;
  }

  static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }
}
