package dev.fleetscale.infra.grafana;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the Grafana macros and template variables the Fleetscale files use, so that a query
 * can run against InfluxDB without Grafana. A stand-in for Grafana's InfluxQL data source, with
 * these documented differences:
 *
 * <ul>
 *   <li>{@code $timeFilter} becomes {@code time > now() - <range>s}. Grafana writes absolute
 *       bounds ({@code time >= <from>ms and time <= <to>ms}) for the same range ending now; InfluxDB
 *       uses now() as the upper bound of a GROUP BY time() query either way.
 *   <li>{@code $__interval} becomes the interval given (the tests use 1m; Grafana derives it from
 *       the panel width or, for alert rules, from {@code intervalMs}).
 *   <li>{@code $name} and {@code ${name}} become the variable's value. Inside a regex ({@code
 *       /^$name$/}) the value is regex-quoted, like Grafana's default formatting; a value of
 *       {@code .*} stands for "All".
 * </ul>
 *
 * An unknown variable is an error, so a typo in a dashboard fails the test. Stateless.
 */
final class MacroExpander {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
  private static final Pattern REGEX_LITERAL = Pattern.compile("/\\^([^/]*)\\$/");

  private MacroExpander() {}

  static String expand(String query, Duration range, Duration interval, Map<String, String> variables) {
    String q = query.replace("$timeFilter", "time > now() - " + range.toSeconds() + "s")
        .replace("$__interval", interval.toSeconds() + "s");
    // Variables inside /^…$/ first, regex-quoted, so that the regex's own '$' is not taken for one.
    Matcher r = REGEX_LITERAL.matcher(q);
    StringBuilder out = new StringBuilder();
    while (r.find()) {
      String inner = substitute(r.group(1), variables, true);
      r.appendReplacement(out, Matcher.quoteReplacement("/^" + inner + "$/"));
    }
    r.appendTail(out);
    String rest = out.toString();
    // Only the parts outside regex literals are left with variables now.
    StringBuilder result = new StringBuilder();
    Matcher r2 = REGEX_LITERAL.matcher(rest);
    int last = 0;
    while (r2.find()) {
      result.append(substitute(rest.substring(last, r2.start()), variables, false)).append(r2.group());
      last = r2.end();
    }
    result.append(substitute(rest.substring(last), variables, false));
    return result.toString();
  }

  private static String substitute(String text, Map<String, String> variables, boolean inRegex) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = variables.get(name);
      if (value == null) {
        throw new IllegalArgumentException("query uses $" + name + ", which is neither a Grafana"
            + " macro this expander knows nor a variable given " + variables.keySet() + ": " + text);
      }
      String replaced = value;
      if (inRegex && !value.equals(".*")) {
        replaced = value.replaceAll("[\\\\^$.|?*+()\\[\\]{}/]", "\\\\$0");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replaced));
    }
    m.appendTail(out);
    return out.toString();
  }
}
