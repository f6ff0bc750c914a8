package dev.fleetscale.infra.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One provisioned Grafana alert rule, reduced to what the tests evaluate: the InfluxQL query (the
 * data entry that is not an expression), its time range, and the reduce and threshold expressions
 * the condition chains to it. Rules of another shape are rejected with the reason, so that a rule
 * the tests cannot evaluate is not silently skipped.
 *
 * @param data every data entry by refId, as written
 */
record AlertRule(String uid, String title, String condition, Map<String, JsonNode> data,
    String queryRefId, String query, Duration range, String reducer, String operator,
    double threshold, String noDataState, String execErrState, JsonNode rule) {

  static final String EXPRESSION_UID = "__expr__";

  static AlertRule of(JsonNode rule) {
    String uid = rule.path("uid").asText();
    Map<String, JsonNode> data = new LinkedHashMap<>();
    for (JsonNode d : rule.path("data")) {
      if (data.put(d.path("refId").asText(), d) != null) {
        throw new IllegalArgumentException(uid + ": refId " + d.path("refId").asText() + " twice");
      }
    }
    String condition = rule.path("condition").asText();
    JsonNode threshold = model(uid, data, condition, "threshold");
    JsonNode evaluator = threshold.path("conditions").path(0).path("evaluator");
    JsonNode reduce = model(uid, data, threshold.path("expression").asText(), "reduce");
    String queryRefId = reduce.path("expression").asText();
    JsonNode query = data.get(queryRefId);
    if (query == null || query.path("datasourceUid").asText().equals(EXPRESSION_UID)) {
      throw new IllegalArgumentException(uid + ": the reduce expression must read a query, not " + queryRefId);
    }
    return new AlertRule(uid, rule.path("title").asText(), condition, data, queryRefId,
        query.path("model").path("query").asText(),
        Duration.ofSeconds(query.path("relativeTimeRange").path("from").asLong()),
        reduce.path("reducer").asText(), evaluator.path("type").asText(),
        evaluator.path("params").path(0).asDouble(Double.NaN),
        rule.path("noDataState").asText(), rule.path("execErrState").asText(), rule);
  }

  private static JsonNode model(String uid, Map<String, JsonNode> data, String refId, String type) {
    JsonNode entry = data.get(refId);
    if (entry == null) {
      throw new IllegalArgumentException(uid + ": refers to refId '" + refId + "', which has no data entry");
    }
    JsonNode model = entry.path("model");
    if (!model.path("type").asText().equals(type)) {
      throw new IllegalArgumentException(uid + ": " + refId + " should be a " + type
          + " expression, is " + model.path("type").asText("a query"));
    }
    return model;
  }
}
