package dev.fleetscale.agent.kernel;

/**
 * The whitespace-separated fields of one line of a kernel file, found without regular expressions
 * or substrings: numbers are parsed straight from the line. A regex split of every /proc line
 * costs more than reading the file. Reusable ({@link #of} resets it) and not thread-safe: one per
 * sampler.
 */
public final class Fields {

  private static final int MAX_FIELDS = 32;

  private final int[] starts = new int[MAX_FIELDS];
  private final int[] ends = new int[MAX_FIELDS];
  private String line = "";
  private int count;

  /** Splits {@code line} at runs of spaces and tabs; fields past the 32nd are ignored. */
  public Fields of(String line) {
    this.line = line;
    count = 0;
    int i = 0;
    int n = line.length();
    while (i < n && count < MAX_FIELDS) {
      while (i < n && isBlank(line.charAt(i))) {
        i++;
      }
      if (i == n) {
        break;
      }
      starts[count] = i;
      while (i < n && !isBlank(line.charAt(i))) {
        i++;
      }
      ends[count++] = i;
    }
    return this;
  }

  /** How many fields the line has. */
  public int count() {
    return count;
  }

  /** Field {@code i} as text. */
  public String text(int i) {
    check(i);
    return line.substring(starts[i], ends[i]);
  }

  /**
   * Field {@code i} as an unsigned 64-bit decimal (values above 2^63 come back negative).
   *
   * @throws NumberFormatException if it is not one
   */
  public long unsigned(int i) {
    check(i);
    return Long.parseUnsignedLong(line, starts[i], ends[i], 10);
  }

  private void check(int i) {
    if (i < 0 || i >= count) {
      throw new NumberFormatException("no field " + i + " in: " + line);
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
