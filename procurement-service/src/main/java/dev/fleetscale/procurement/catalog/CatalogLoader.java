package dev.fleetscale.procurement.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a hardware catalog from YAML (JSON is accepted too, being YAML) and validates it. Every
 * problem is collected, not just the first, and each names its field by path. Stateless and
 * thread-safe.
 */
public final class CatalogLoader {

  /** Classpath location of the example catalog shipped with the service. */
  public static final String DEFAULT_RESOURCE = "catalog/default-catalog.yaml";

  public HardwareCatalog loadDefault() {
    try (InputStream in =
        CatalogLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + DEFAULT_RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  public HardwareCatalog load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new CatalogValidationException(List.of(file + ": cannot read: " + e.getMessage()));
    }
  }

  /**
   * Parses and validates a catalog document.
   *
   * @throws CatalogValidationException listing every problem found
   */
  public HardwareCatalog parse(String document) {
    Object root;
    try {
      // SafeConstructor: a catalog arrives over REST too, so no arbitrary types.
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(document);
    } catch (YAMLException e) {
      throw new CatalogValidationException(List.of("document: not valid YAML: " + e.getMessage()));
    }
    Reader r = new Reader();
    Map<String, Object> top = r.map(root, "document");
    if (top == null) {
      throw new CatalogValidationException(r.problems);
    }
    String description = r.optionalString(top, "description", "", "");
    List<GpuServer> servers = r.list(top, "servers", true, this::server);
    List<SsdOption> ssds = r.list(top, "ssds", false, this::ssd);
    List<NetworkOption> networks = r.list(top, "networks", false, this::network);
    List<CloudGpuOffer> cloud = r.list(top, "cloud", false, this::cloudOffer);
    List<SiteConstraints> sites = r.list(top, "sites", true, this::site);
    r.unique(servers.stream().map(GpuServer::sku).toList(), "servers", "sku");
    r.unique(ssds.stream().map(SsdOption::sku).toList(), "ssds", "sku");
    r.unique(networks.stream().map(NetworkOption::sku).toList(), "networks", "sku");
    r.unique(cloud.stream().map(CloudGpuOffer::sku).toList(), "cloud", "sku");
    r.unique(sites.stream().map(SiteConstraints::pool).toList(), "sites", "pool");
    if (!r.problems.isEmpty()) {
      throw new CatalogValidationException(r.problems);
    }
    return new HardwareCatalog(description, servers, ssds, networks, cloud, sites);
  }

  private GpuServer server(Reader r, Item i) {
    return new GpuServer(
        r.string(i, "sku"),
        r.string(i, "gpu_model"),
        r.positiveInt(i, "gpus_per_server"),
        r.positive(i, "gpu_memory_gb"),
        r.positive(i, "bf16_tflops"),
        r.nonNegative(i, "power_kw"),
        r.nonNegativeInt(i, "rack_units"),
        pricing(r, i),
        r.optionalPositive(i, "fp8_tflops"),
        r.optionalPositiveInt(i, "nvlink_domain_gpus"),
        r.optionalNonNegative(i, "fabric_gbps_per_gpu"),
        r.optionalPositive(i, "memory_bandwidth_gb_per_s"));
  }

  private SsdOption ssd(Reader r, Item i) {
    return new SsdOption(
        r.string(i, "sku"),
        r.positive(i, "capacity_tb"),
        r.nonNegative(i, "read_gb_per_s"),
        r.nonNegative(i, "write_gb_per_s"),
        r.nonNegativeOrZero(i, "power_kw"),
        r.nonNegativeIntOrZero(i, "rack_units"),
        pricing(r, i));
  }

  private NetworkOption network(Reader r, Item i) {
    return new NetworkOption(
        r.string(i, "sku"),
        r.positiveInt(i, "ports"),
        r.positive(i, "gbps_per_port"),
        r.nonNegativeOrZero(i, "power_kw"),
        r.nonNegativeIntOrZero(i, "rack_units"),
        pricing(r, i));
  }

  private CloudGpuOffer cloudOffer(Reader r, Item i) {
    return new CloudGpuOffer(
        r.string(i, "sku"),
        r.optionalString(i.map, "provider", i.path, "cloud"),
        r.string(i, "gpu_model"),
        r.positive(i, "gpu_memory_gb"),
        r.positive(i, "bf16_tflops"),
        r.positive(i, "usd_per_gpu_hour"));
  }

  private SiteConstraints site(Reader r, Item i) {
    return new SiteConstraints(
        r.string(i, "pool"),
        r.nonNegative(i, "power_budget_kw"),
        r.nonNegativeInt(i, "rack_units_free"),
        r.nonNegative(i, "budget_ceiling_usd"));
  }

  private Pricing pricing(Reader r, Item i) {
    Double capex = r.optionalNonNegative(i, "capex_usd");
    Double lease = r.optionalNonNegative(i, "lease_usd_per_hour");
    if (capex == null && lease == null && i.map.get("capex_usd") == null
        && i.map.get("lease_usd_per_hour") == null) {
      r.problem(i.path + ": needs capex_usd or lease_usd_per_hour (or both)");
    }
    return new Pricing(capex, lease, r.nonNegativeInt(i, "lead_time_days"));
  }

  /** One list element and its path, e.g. {@code servers[2]}. */
  private record Item(Map<String, Object> map, String path) {}

  /** Walks the untyped YAML tree, recording problems instead of stopping at the first. */
  private static final class Reader {
    private final List<String> problems = new ArrayList<>();

    void problem(String message) {
      problems.add(message);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object node, String path) {
      if (node instanceof Map<?, ?> m) {
        return (Map<String, Object>) m;
      }
      problem(path + ": must be a mapping");
      return null;
    }

    <T> List<T> list(
        Map<String, Object> top, String key, boolean required, BiFunction<Reader, Item, T> each) {
      Object node = top.get(key);
      if (node == null) {
        if (required) {
          problem(key + ": is required and must list at least one entry");
        }
        return List.of();
      }
      if (!(node instanceof List<?> items)) {
        problem(key + ": must be a list");
        return List.of();
      }
      if (required && items.isEmpty()) {
        problem(key + ": must list at least one entry");
      }
      List<T> out = new ArrayList<>();
      for (int n = 0; n < items.size(); n++) {
        String path = key + "[" + n + "]";
        Map<String, Object> m = map(items.get(n), path);
        if (m != null) {
          out.add(each.apply(this, new Item(m, path)));
        }
      }
      return out;
    }

    void unique(List<String> keys, String listName, String field) {
      Set<String> seen = new HashSet<>();
      for (int n = 0; n < keys.size(); n++) {
        String k = keys.get(n);
        if (k != null && !k.isEmpty() && !seen.add(k)) {
          problem(listName + "[" + n + "]." + field + ": duplicate value '" + k + "'");
        }
      }
    }

    String string(Item i, String key) {
      Object v = i.map.get(key);
      if (v == null || v.toString().isBlank()) {
        problem(i.path + "." + key + ": is required");
        return "";
      }
      return v.toString();
    }

    String optionalString(Map<String, Object> m, String key, String path, String fallback) {
      Object v = m.get(key);
      return v == null ? fallback : v.toString();
    }

    private Double number(Item i, String key, boolean required) {
      Object v = i.map.get(key);
      if (v == null) {
        if (required) {
          problem(i.path + "." + key + ": is required");
        }
        return null;
      }
      if (!(v instanceof Number n)) {
        problem(i.path + "." + key + ": must be a number, got '" + v + "'");
        return null;
      }
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        problem(i.path + "." + key + ": must be finite");
        return null;
      }
      return d;
    }

    double positive(Item i, String key) {
      Double d = number(i, key, true);
      if (d != null && d <= 0) {
        problem(i.path + "." + key + ": must be > 0");
      }
      return d == null ? 0 : d;
    }

    double nonNegative(Item i, String key) {
      Double d = number(i, key, true);
      return checkNonNegative(i, key, d);
    }

    double nonNegativeOrZero(Item i, String key) {
      Double d = number(i, key, false);
      return checkNonNegative(i, key, d);
    }

    Double optionalNonNegative(Item i, String key) {
      Double d = number(i, key, false);
      if (d != null && d < 0) {
        problem(i.path + "." + key + ": must be >= 0");
        return null;
      }
      return d;
    }

    private double checkNonNegative(Item i, String key, Double d) {
      if (d != null && d < 0) {
        problem(i.path + "." + key + ": must be >= 0");
      }
      return d == null ? 0 : d;
    }

    private Integer integer(Item i, String key, boolean required) {
      Object v = i.map.get(key);
      if (v == null) {
        if (required) {
          problem(i.path + "." + key + ": is required");
        }
        return null;
      }
      if (!(v instanceof Integer || v instanceof Long)) {
        problem(i.path + "." + key + ": must be a whole number, got '" + v + "'");
        return null;
      }
      long l = ((Number) v).longValue();
      if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
        problem(i.path + "." + key + ": out of range");
        return null;
      }
      return (int) l;
    }

    int positiveInt(Item i, String key) {
      Integer v = integer(i, key, true);
      if (v != null && v <= 0) {
        problem(i.path + "." + key + ": must be > 0");
      }
      return v == null ? 0 : v;
    }

    int nonNegativeInt(Item i, String key) {
      Integer v = integer(i, key, true);
      if (v != null && v < 0) {
        problem(i.path + "." + key + ": must be >= 0");
      }
      return v == null ? 0 : v;
    }

    Double optionalPositive(Item i, String key) {
      Double d = number(i, key, false);
      if (d != null && d <= 0) {
        problem(i.path + "." + key + ": must be > 0");
        return null;
      }
      return d;
    }

    Integer optionalPositiveInt(Item i, String key) {
      Integer v = integer(i, key, false);
      if (v != null && v <= 0) {
        problem(i.path + "." + key + ": must be > 0");
        return null;
      }
      return v;
    }

    int nonNegativeIntOrZero(Item i, String key) {
      Integer v = integer(i, key, false);
      if (v != null && v < 0) {
        problem(i.path + "." + key + ": must be >= 0");
      }
      return v == null ? 0 : v;
    }
  }
}
