package dev.fleetscale.gateway.security;

/**
 * One configured API token: who it is, its role, and the SHA-256 of the token (never the token).
 *
 * @param name the principal's name, recorded as the approver and in the audit log
 * @param role the highest role the token holds
 * @param sha256 lower-case hex SHA-256 of the token's UTF-8 bytes
 */
public record ApiToken(String name, Role role, String sha256) {

  @Override
  public String toString() {
    return "ApiToken[name=" + name + ", role=" + role.id() + "]";
  }
}
