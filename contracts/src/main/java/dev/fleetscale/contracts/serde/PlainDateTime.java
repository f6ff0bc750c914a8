package dev.fleetscale.contracts.serde;

import java.time.Instant;
import java.time.LocalDate;

/**
 * RFC 3339 date-times in their plainest spelling, {@code 2026-03-01T12:00:05.123Z} or with a
 * {@code +02:00} offset, read by hand. java.time's formatters cost about 1 µs a string; a host
 * sample's decode read its timestamp three times that way (CloudEvents, the quick check, the
 * binding), about a tenth of its decode. Anything not in this spelling is null here, and the caller
 * falls back to java.time (or to networknt), so this class decides nothing on its own: it accepts
 * only what {@code OffsetDateTime.parse} accepts, and gives the same instant.
 */
final class PlainDateTime {

  private static final int[] DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private PlainDateTime() {}

  /**
   * The instant of {@code s}, or null if it is not {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]} followed
   * by {@code Z} or (unless {@code utcOnly}) {@code ±HH:MM}, with every field in range: month
   * 1-12, a day the month has (Gregorian leap years), hour 0-23, minute and second 0-59 (no leap
   * second), offset within ±18:00 and not {@code -00:00} (unknown local offset, which networknt
   * rejects).
   */
  static Instant parse(String s, boolean utcOnly) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 10 && isDigit(s.charAt(i))) {
        nano = nano * 10 + (s.charAt(i++) - '0');
      }
      int count = i - start;
      if (count < 1 || count > 9) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nano *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (!utcOnly && i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-')
        && s.charAt(i + 3) == ':') {
      int hours = digits(s, i + 1, 2);
      int minutes = digits(s, i + 4, 2);
      if (hours < 0 || minutes < 0 || minutes > 59 || hours > 18 || hours == 18 && minutes > 0
          || s.charAt(i) == '-' && hours == 0 && minutes == 0) {
        return null;
      }
      offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    } else {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(
        epochDay * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds, nano);
  }

  private static int daysIn(int year, int month) {
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return month == 2 && leap ? 29 : DAYS[month - 1];
  }

  /** The ASCII decimal number in {@code s[from, from + count)}, or -1. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
