package dev.fleetscale.infra.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana provisioning parses, hangs together (uids, datasource references, refIds), and
 * reads only measurements, tags and fields that the optimizer and the procurement service write,
 * as their source says today ({@link WrittenSchema}).
 */
class GrafanaProvisioningTest {

  private static final GrafanaFiles FILES = GrafanaFiles.ofModule();
  private static final WrittenSchema SCHEMA = WrittenSchema.load(GrafanaFiles.moduleDir().getParent());
  private static final Pattern ENV = Pattern.compile("\\$\\{?(\\w+)}?");

  @Test
  void datasourceIsInfluxQlOnTheFleetscaleDatabaseWithUrlAndTokenFromEnvironment() throws Exception {
    JsonNode file = FILES.datasourceFile();
    assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
    assertThat(file.path("datasources")).hasSize(1);
    JsonNode ds = file.path("datasources").get(0);
    assertThat(ds.path("uid").asText()).isEqualTo(GrafanaFiles.DATASOURCE_UID);
    assertThat(ds.path("type").asText()).isEqualTo("influxdb");
    assertThat(ds.path("jsonData").path("version").asText()).isEqualTo("InfluxQL");
    assertThat(ds.path("jsonData").path("dbName").asText()).isEqualTo("fleetscale");
    assertThat(ds.path("url").asText()).isEqualTo("${FLEETSCALE_INFLUX_URL}");
    String auth = ds.path("secureJsonData").path("httpHeaderValue1").asText();
    assertThat(auth).isEqualTo("Token ${FLEETSCALE_INFLUX_TOKEN}");
    assertThat(ds.path("jsonData").path("httpHeaderName1").asText()).isEqualTo("Authorization");

    // Grafana expands with os.ExpandEnv; with the shipped environment file the URL is the local stack's.
    Map<String, String> env = envFile(FILES.root().resolve("grafana.env"));
    assertThat(grafanaExpand(ds.path("url").asText(), env)).isEqualTo("http://127.0.0.1:8086");
    assertThat(env).doesNotContainKey("FLEETSCALE_INFLUX_TOKEN");
  }

  @Test
  void noProvisioningFileHoldsALiteralSecret() throws Exception {
    List<Path> files = new ArrayList<>(List.of(
        FILES.root().resolve("provisioning/datasources/fleetscale-influxdb.yaml"),
        FILES.root().resolve("provisioning/alerting/fleetscale-alerts.yaml"),
        FILES.root().resolve("grafana.env")));
    for (Path f : files) {
      String text = Files.readString(f);
      assertThat(text).as(f.toString()).doesNotContainPattern("(?i)(password|secret|token)\\s*[:=]\\s*[^$\\s]");
      assertThat(text).as(f.toString()).doesNotContain("testkit-token");
    }
  }

  @Test
  void dashboardProviderLoadsAFileFolder() {
    JsonNode file = FILES.dashboardProviderFile();
    assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode provider = file.path("providers").get(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("options").path("path").asText()).startsWith("/");
    assertThat(provider.path("folder").asText()).isEqualTo("Fleetscale");
  }

  @Test
  void dashboardsAreValidAndUnique() {
    List<JsonNode> dashboards = FILES.dashboards();
    assertThat(dashboards).hasSizeGreaterThanOrEqualTo(4);
    Set<String> uids = new HashSet<>();
    for (JsonNode d : dashboards) {
      String uid = d.path("uid").asText();
      assertThat(uids.add(uid)).as("dashboard uid %s unique", uid).isTrue();
      assertThat(uid).matches("[a-z0-9-]{1,40}");
      assertThat(d.path("title").asText()).isNotBlank();
      assertThat(d.path("schemaVersion").asInt()).isBetween(36, 41);
      assertThat(d.path("panels")).isNotEmpty();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : d.path("panels")) {
        assertThat(ids.add(p.path("id").asInt())).as("%s panel id %s unique", uid, p.path("id")).isTrue();
        assertThat(p.path("datasource").path("uid").asText()).as(uid + " / " + p.path("title"))
            .isEqualTo(GrafanaFiles.DATASOURCE_UID);
        assertThat(p.path("gridPos").path("w").asInt()).isBetween(1, 24);
        assertThat(p.path("targets")).as(uid + " / " + p.path("title")).isNotEmpty();
        Set<String> refIds = new HashSet<>();
        p.path("targets").forEach(t -> assertThat(refIds.add(t.path("refId").asText())).isTrue());
      }
    }
    assertThat(uids).contains("fleetscale-overview", "fleetscale-pool", "fleetscale-decisions",
        "fleetscale-procurement");
  }

  @Test
  void everyDashboardQueryIsRawInfluxQlOnTheProvisionedDatasourceWithTheTimeFilter() {
    List<GrafanaFiles.PanelQuery> queries = FILES.panelQueries();
    assertThat(queries).hasSizeGreaterThan(30);
    for (GrafanaFiles.PanelQuery q : queries) {
      assertThat(q.datasource().path("uid").asText()).as(q.toString()).isEqualTo(GrafanaFiles.DATASOURCE_UID);
      assertThat(q.query()).as(q.toString()).contains("$timeFilter").startsWith("SELECT ");
      if (q.query().contains("GROUP BY time(")) {
        assertThat(q.query()).as(q.toString()).contains("GROUP BY time($__interval)");
      }
    }
    assertThat(queries).filteredOn(q -> q.query().contains("GROUP BY time($__interval)")).hasSizeGreaterThan(20);
  }

  @Test
  void templateVariablesUseShowTagValuesOfWrittenTags() {
    List<GrafanaFiles.PanelQuery> variables = FILES.variableQueries();
    assertThat(variables).extracting(GrafanaFiles.PanelQuery::panel).contains("$pool", "$host");
    Pattern show = Pattern.compile("SHOW TAG VALUES FROM \"(\\w+)\" WITH KEY = \"(\\w+)\"( WHERE .*)?");
    for (GrafanaFiles.PanelQuery v : variables) {
      assertThat(v.datasource().path("uid").asText()).isEqualTo(GrafanaFiles.DATASOURCE_UID);
      Matcher m = show.matcher(v.query());
      assertThat(m.matches()).as(v + ": " + v.query()).isTrue();
      assertThat(SCHEMA.tags(m.group(1))).as(v.toString()).contains(m.group(2));
    }
    for (JsonNode d : FILES.dashboards()) {
      for (JsonNode var : d.path("templating").path("list")) {
        if (var.path("name").asText().equals("window")) {
          Set<String> offered = new HashSet<>(List.of(var.path("query").asText().split(",")));
          assertThat(SCHEMA.windowTags()).as("window choices of " + d.path("uid")).containsAll(offered);
        }
      }
    }
  }

  @Test
  void everyQueryReadsOnlyWhatTheServicesWrite() {
    List<String> problems = new ArrayList<>();
    Map<String, String> queries = new LinkedHashMap<>();
    FILES.panelQueries().forEach(q -> queries.put(q.toString(), q.query()));
    FILES.alertRules().forEach(r -> queries.put("alert " + r.uid(), r.query()));
    for (Map.Entry<String, String> e : queries.entrySet()) {
      problems.addAll(unknownNames(e.getKey(), e.getValue()));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theNameCheckCatchesARename() {
    // The check itself must be able to fail: a field the optimizer does not write is reported.
    assertThat(unknownNames("probe", "SELECT mean(\"gpu_utilisation_mean\") FROM \"pool_rollup\" WHERE $timeFilter"))
        .singleElement().asString().contains("gpu_utilisation_mean");
    assertThat(unknownNames("probe", "SELECT mean(\"samples\") FROM \"host_rollups\" WHERE $timeFilter"))
        .anySatisfy(p -> assertThat(p).contains("host_rollups"));
    assertThat(unknownNames("probe", "SELECT last(\"hosts\") FROM \"pool_rollup\" WHERE \"window\" = '2m' AND $timeFilter"))
        .singleElement().asString().contains("2m");
    assertThat(unknownNames("probe", "SELECT last(\"hosts\") FROM pool_rollup WHERE $timeFilter"))
        .singleElement().asString().contains("unquoted");
  }

  @Test
  void schemaReadFromSourceHasTheRollupsAndTheProcurementMeasurements() {
    assertThat(SCHEMA.measurements()).contains("gpu_rollup", "host_rollup", "pool_rollup",
        "autoscale_decision", "rebalance_plan", "rebalance_goal", "capacity_demand",
        "procurement_proposal", "procurement_demand");
    assertThat(SCHEMA.tags("gpu_rollup")).contains("cluster", "pool", "host", "gpu", "window");
    assertThat(SCHEMA.fields("gpu_rollup")).contains("temperature_c_p95").doesNotContain("nic_util_pct_p95");
    assertThat(SCHEMA.fields("host_rollup")).contains("nic_util_pct_p95", "samples");
    assertThat(SCHEMA.windowTags()).contains("1m");
    assertThat(SCHEMA.proposalStatuses()).contains("PROPOSED", "APPROVED");
  }

  @Test
  void alertRulesAreComplete() {
    JsonNode file = FILES.alertingFile();
    assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
    for (JsonNode group : file.path("groups")) {
      assertThat(group.path("orgId").asInt()).isEqualTo(1);
      assertThat(group.path("name").asText()).isNotBlank();
      assertThat(group.path("folder").asText()).isNotBlank();
      assertThat(Duration.parse("PT" + group.path("interval").asText().toUpperCase())).isPositive();
    }
    List<AlertRule> rules = FILES.alertRules();
    assertThat(rules).extracting(AlertRule::uid).doesNotHaveDuplicates().contains(
        "fleetscale-gpu-temperature-hot", "fleetscale-pool-gpu-saturated",
        "fleetscale-host-stopped-reporting", "fleetscale-capacity-demand-raised",
        "fleetscale-proposal-awaiting-approval");
    for (AlertRule r : rules) {
      assertThat(r.uid()).hasSizeLessThanOrEqualTo(40);
      assertThat(r.data()).containsKey(r.condition());
      for (JsonNode d : r.data().values()) {
        String uid = d.path("datasourceUid").asText();
        assertThat(uid).as(r.uid()).isIn(GrafanaFiles.DATASOURCE_UID, AlertRule.EXPRESSION_UID);
        assertThat(d.path("model").path("refId").asText()).isEqualTo(d.path("refId").asText());
        if (uid.equals(GrafanaFiles.DATASOURCE_UID)) {
          assertThat(d.path("model").path("rawQuery").asBoolean()).isTrue();
          assertThat(d.path("model").path("datasource").path("uid").asText()).isEqualTo(GrafanaFiles.DATASOURCE_UID);
        }
      }
      assertThat(r.query()).as(r.uid()).contains("$timeFilter");
      assertThat(r.range()).as(r.uid()).isPositive();
      assertThat(r.threshold()).as(r.uid()).isNotNaN();
      assertThat(r.noDataState()).isIn("OK", "NoData", "Alerting", "KeepLast");
      assertThat(r.execErrState()).isIn("Error", "Alerting", "OK", "KeepLast");
      JsonNode rule = r.rule();
      assertThat(rule.path("labels").path("severity").asText()).isIn("critical", "warning", "info");
      assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
      assertThat(rule.path("annotations").path("description").asText()).isNotBlank();
      // Grafana expands environment variables in labels, so a '$' there would be eaten.
      rule.path("labels").forEach(l -> assertThat(l.asText()).doesNotContain("$"));
      assertThat(rule.path("for").asText()).matches("\\d+[smh]");
    }
    AlertRule stale = rules.stream().filter(r -> r.uid().equals("fleetscale-host-stopped-reporting")).findFirst().orElseThrow();
    assertThat(stale.noDataState()).isEqualTo("Alerting");
  }

  @Test
  void aRuleWhoseConditionNamesNoEntryIsRejected() throws Exception {
    JsonNode rule = new ObjectMapper(new YAMLFactory()).readTree("""
        uid: broken
        condition: D
        data:
          - refId: A
            datasourceUid: fleetscale-influxdb
            model: {query: 'SELECT 1', rawQuery: true}
        """);
    assertThatThrownBy(() -> AlertRule.of(rule)).hasMessageContaining("'D'");
  }

  @Test
  void macroExpanderSubstitutesTheMacrosAndQuotesRegexValues() {
    String q = "SELECT mean(\"x\") FROM \"m\" WHERE \"pool\" =~ /^$pool$/ AND \"host\" = '$host' AND $timeFilter GROUP BY time($__interval)";
    assertThat(MacroExpander.expand(q, Duration.ofMinutes(5), Duration.ofMinutes(1), Map.of("pool", "a.b", "host", "h1")))
        .isEqualTo("SELECT mean(\"x\") FROM \"m\" WHERE \"pool\" =~ /^a\\.b$/ AND \"host\" = 'h1' AND time > now() - 300s GROUP BY time(60s)");
    assertThat(MacroExpander.expand("WHERE \"pool\" =~ /^$pool$/", Duration.ofMinutes(1), Duration.ofMinutes(1), Map.of("pool", ".*")))
        .isEqualTo("WHERE \"pool\" =~ /^.*$/");
    assertThatThrownBy(() -> MacroExpander.expand("WHERE \"pool\" = '$pol'", Duration.ofMinutes(1), Duration.ofMinutes(1), Map.of("pool", "a")))
        .hasMessageContaining("$pol");
  }

  @Test
  void reduceAndThresholdSubset() {
    assertThat(RuleEvaluator.reduce("last", List.of(1.0, 3.0, 2.0))).isEqualTo(2.0);
    assertThat(RuleEvaluator.reduce("max", List.of(1.0, 3.0, 2.0))).isEqualTo(3.0);
    assertThat(RuleEvaluator.reduce("mean", List.of(1.0, 3.0, 2.0))).isEqualTo(2.0);
    assertThat(RuleEvaluator.compare("gt", 85.1, 85)).isTrue();
    assertThat(RuleEvaluator.compare("gt", 85, 85)).isFalse();
    assertThat(RuleEvaluator.compare("lt", 0, 1)).isTrue();
    assertThatThrownBy(() -> RuleEvaluator.reduce("median", List.of(1.0))).hasMessageContaining("median");
  }

  /** Problems with the names {@code query} uses, each naming the query and the name. */
  private static List<String> unknownNames(String where, String query) {
    List<String> problems = new ArrayList<>();
    if (InfluxQlNames.unquotedFrom(query)) {
      problems.add(where + ": FROM with an unquoted measurement (the files quote every name)");
      return problems;
    }
    Set<String> measurements = InfluxQlNames.measurements(query);
    Set<String> known = new HashSet<>(InfluxQlNames.aliases(query));
    for (String m : measurements) {
      if (!SCHEMA.measurements().contains(m)) {
        problems.add(where + ": measurement " + m + " is not written by any service");
      }
      known.addAll(SCHEMA.tags(m));
      known.addAll(SCHEMA.fields(m));
    }
    for (String name : InfluxQlNames.identifiers(query)) {
      if (!known.contains(name)) {
        problems.add(where + ": " + name + " is no tag or field of " + measurements);
      }
    }
    for (String w : InfluxQlNames.comparedValues(query, "window")) {
      if (!w.equals("$window") && !SCHEMA.windowTags().contains(w)) {
        problems.add(where + ": window '" + w + "' is not one of " + SCHEMA.windowTags());
      }
    }
    for (String s : InfluxQlNames.comparedValues(query, "status")) {
      if (!SCHEMA.proposalStatuses().contains(s)) {
        problems.add(where + ": status '" + s + "' is not one of " + SCHEMA.proposalStatuses());
      }
    }
    return problems;
  }

  private static Map<String, String> envFile(Path file) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        int eq = l.indexOf('=');
        env.put(l.substring(0, eq), l.substring(eq + 1));
      }
    }
    return env;
  }

  /** Grafana's provisioning expansion (Go's os.ExpandEnv): unset variables become empty. */
  private static String grafanaExpand(String value, Map<String, String> env) {
    return ENV.matcher(value).replaceAll(m -> Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
  }
}
