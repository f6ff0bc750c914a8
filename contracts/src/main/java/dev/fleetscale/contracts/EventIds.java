package dev.fleetscale.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Deterministic, name-based event ids: the same parts always give the same UUID, so an event
 * re-published after a crash carries the id it had the first time.
 */
public final class EventIds {

  private EventIds() {}

  /**
   * A version 3 (MD5, name-based, RFC 4122) UUID of the parts joined by a unit separator, which
   * cannot occur in the parts' text forms by accident, so ("a/b","c") and ("a","b/c") differ.
   *
   * @param parts the identifying values; {@code toString()} of each is used; none may be null
   */
  public static UUID nameBased(Object... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("at least one part is needed for a name-based id");
    }
    StringBuilder name = new StringBuilder("fleetscale");
    for (Object part : parts) {
      name.append('\u001f').append(Objects.requireNonNull(part, "id part"));
    }
    return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8));
  }
}
