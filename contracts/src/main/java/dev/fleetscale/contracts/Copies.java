package dev.fleetscale.contracts;

import java.util.List;
import java.util.Map;

/** Defensive copies for record components, so that a published event cannot change later. Internal to the contracts records. */
public final class Copies {

  private Copies() {}

  /** An immutable copy, or null where the list is absent (absent means "not known"). */
  public static <T> List<T> copyOrNull(List<T> list) {
    return list == null ? null : List.copyOf(list);
  }

  /** An immutable copy; a required list that is null is a programming error. */
  public static <T> List<T> copyRequired(List<T> list, String name) {
    if (list == null) {
      throw new NullPointerException(name + " is required (use an empty list for none)");
    }
    return List.copyOf(list);
  }

  /** An immutable copy, or null where the map is absent. */
  public static <K, V> Map<K, V> copyOrNull(Map<K, V> map) {
    return map == null ? null : Map.copyOf(map);
  }
}
