package dev.fleetscale.gateway.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The gateway's roles, each including the ones before it: {@code viewer < operator < approver <
 * admin}. A principal with a role holds every lower one too, so a route secured for
 * {@code operator} is open to approvers and admins.
 */
public enum Role {
  VIEWER, OPERATOR, APPROVER, ADMIN;

  /** The role names as routes name them in {@code @Secured}. */
  public static final String VIEWER_NAME = "viewer";
  public static final String OPERATOR_NAME = "operator";
  public static final String APPROVER_NAME = "approver";
  public static final String ADMIN_NAME = "admin";

  /** The name used in configuration, {@code @Secured} and the audit log, e.g. {@code approver}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** This role and every role below it, lowest first. */
  public List<String> granted() {
    return Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal()).map(Role::id).toList();
  }

  /**
   * @throws IllegalArgumentException naming the allowed values when {@code id} is no role
   */
  public static Role of(String id) {
    for (Role r : values()) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException("must be one of " + Arrays.stream(values()).map(Role::id)
        .collect(Collectors.joining(", ", "[", "]")) + ", got '" + id + "'");
  }
}
