package dev.fleetscale.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared service token with which the gateway calls procurement-service and the optimizer's
 * read API. When a service is configured with one, it answers its API only to calls that carry it
 * in {@link #HEADER} (its {@code /health} and {@code /metrics} stay open), so that users reach it
 * only through the gateway and its roles. The token is a secret: never logged, never echoed.
 */
public final class ServiceToken {

  /** The request header that carries the token. */
  public static final String HEADER = "X-Fleetscale-Service-Token";

  private ServiceToken() {}

  /**
   * Whether {@code presented} is {@code expected}, compared in constant time (a timing difference
   * would tell an attacker how many leading characters were right).
   */
  public static boolean matches(String expected, String presented) {
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }
}
