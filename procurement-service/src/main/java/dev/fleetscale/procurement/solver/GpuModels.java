package dev.fleetscale.procurement.solver;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Matches a catalog GPU model ({@code H200-SXM}) with a model named elsewhere: the same id, or a
 * name as NVML reports it ({@code NVIDIA H200}, {@code NVIDIA A100-SXM4-80GB}) that contains the
 * catalog model's family, its first dash-separated part ({@code H200}), as a word. Hand-written
 * because there is no registry of GPU names to use; the rule cannot tell form factors of one
 * family apart ({@code NVIDIA H100 NVL} matches {@code H100-SXM}), which docs/demand-analysis.md
 * states as a limit.
 */
public final class GpuModels {

  private GpuModels() {}

  /** Whether {@code name} names the catalog's {@code catalogModel}. */
  public static boolean matches(String catalogModel, String name) {
    if (catalogModel == null || name == null) {
      return false;
    }
    String a = catalogModel.trim().toUpperCase(Locale.ROOT);
    String b = name.trim().toUpperCase(Locale.ROOT);
    if (a.equals(b)) {
      return true;
    }
    String family = a.split("-", 2)[0];
    Set<String> words = Arrays.stream(b.split("[^A-Z0-9]+")).collect(Collectors.toSet());
    return !family.isEmpty() && words.contains(family);
  }

  /** Whether any of {@code names} names {@code catalogModel}. */
  public static boolean matchesAny(String catalogModel, Collection<String> names) {
    return names.stream().anyMatch(n -> matches(catalogModel, n));
  }
}
