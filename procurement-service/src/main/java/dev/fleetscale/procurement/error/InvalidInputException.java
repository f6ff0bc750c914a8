package dev.fleetscale.procurement.error;

import java.util.List;

/**
 * Input the API refuses: each problem names the field (by its JSON name or path) and the rule it
 * breaks, for example {@code needed_by: must be today or later (today is 2026-03-01), got
 * 2026-02-01}. Answered 400.
 */
public final class InvalidInputException extends RuntimeException {

  private final List<String> problems;

  public InvalidInputException(String field, String rule) {
    this(List.of(field + ": " + rule));
  }

  public InvalidInputException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
