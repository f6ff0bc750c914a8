package dev.fleetscale.infra.grafana;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names an InfluxQL query of the Fleetscale files uses. The files follow one convention so
 * that this can be exact without an InfluxQL parser: every measurement, tag and field is written
 * as a double-quoted identifier, and every {@code FROM} is followed by a quoted measurement or a
 * subquery. {@link #unquotedFrom(String)} reports a query that breaks the convention.
 */
final class InfluxQlNames {

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
  private static final Pattern FROM = Pattern.compile("\\bFROM\\s+\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern FROM_ANY = Pattern.compile("\\bFROM\\s+(\\S)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ALIAS = Pattern.compile("\\bAS\\s+\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");

  private InfluxQlNames() {}

  /** Measurements after FROM (outer query and subqueries). */
  static Set<String> measurements(String query) {
    return all(FROM, withoutStrings(query));
  }

  /** Names introduced with {@code AS "name"}. */
  static Set<String> aliases(String query) {
    return all(ALIAS, withoutStrings(query));
  }

  /** Every double-quoted identifier other than the measurements. */
  static Set<String> identifiers(String query) {
    Set<String> names = all(QUOTED, withoutStrings(query));
    names.removeAll(measurements(query));
    return names;
  }

  /** True if some FROM is followed by neither a quoted name nor a subquery. */
  static boolean unquotedFrom(String query) {
    Matcher m = FROM_ANY.matcher(withoutStrings(query));
    while (m.find()) {
      if (!m.group(1).equals("\"") && !m.group(1).equals("(")) {
        return true;
      }
    }
    return false;
  }

  /** The string literal compared with {@code "tag" = '…'}, for every such comparison. */
  static Set<String> comparedValues(String query, String tag) {
    return all(Pattern.compile("\"" + Pattern.quote(tag) + "\"\\s*=\\s*'([^']*)'"), query);
  }

  private static String withoutStrings(String query) {
    return STRING_LITERAL.matcher(query).replaceAll("''");
  }

  private static Set<String> all(Pattern p, String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
