package dev.fleetscale.optimizer.cost;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The prices of procurement's hardware catalog (docs/procurement.md, "Hardware catalog"): the
 * same YAML file procurement reads, parsed the way procurement parses it (SnakeYAML's safe
 * loader), then bound with Jackson to the few fields cost allocation needs. Fields it does not
 * need (lead times, rack units, sites) are ignored, so a catalog procurement accepts is accepted
 * here; procurement stays the one validator of the rest. Immutable.
 */
public record CostCatalog(List<Server> servers, List<Ssd> ssds, List<Network> networks,
    List<Cloud> cloud) {

  /** A GPU server: capex per unit and/or lease per unit-hour. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Server(String sku, String gpuModel, int gpusPerServer, BigDecimal capexUsd,
      BigDecimal leaseUsdPerHour) {}

  /** An SSD: capex per unit and/or lease per unit-hour. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Ssd(String sku, BigDecimal capexUsd, BigDecimal leaseUsdPerHour) {}

  /** A network switch: capex per unit and/or lease per unit-hour. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Network(String sku, BigDecimal capexUsd, BigDecimal leaseUsdPerHour) {}

  /** Cloud GPUs by the hour. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Cloud(String sku, String gpuModel, BigDecimal usdPerGpuHour) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record File(List<Server> servers, List<Ssd> ssds, List<Network> networks,
      List<Cloud> cloud) {}

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
      .build();

  public CostCatalog {
    servers = servers == null ? List.of() : List.copyOf(servers);
    ssds = ssds == null ? List.of() : List.copyOf(ssds);
    networks = networks == null ? List.of() : List.copyOf(networks);
    cloud = cloud == null ? List.of() : List.copyOf(cloud);
  }

  /** No catalog: only the per-pool prices of the configuration price anything. */
  public static CostCatalog empty() {
    return new CostCatalog(List.of(), List.of(), List.of(), List.of());
  }

  /** Reads {@code file}; a file that is missing or not a catalog names the file and the cause. */
  public static CostCatalog read(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cost.catalogPath: cannot read " + file + " ("
          + e.getMessage() + ")", e);
    }
  }

  /** Parses catalog YAML (or JSON); {@code origin} names it in errors. */
  public static CostCatalog parse(String yaml, String origin) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(origin + ": not valid YAML ("
          + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
    if (!(root instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(origin + ": the top level must be a mapping");
    }
    File f;
    try {
      f = MAPPER.convertValue(root, File.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": not a hardware catalog ("
          + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
    CostCatalog catalog = new CostCatalog(f.servers(), f.ssds(), f.networks(), f.cloud());
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < catalog.servers.size(); i++) {
      Server s = catalog.servers.get(i);
      if (s.gpusPerServer() <= 0) {
        problems.add("servers[" + i + "].gpus_per_server: must be > 0");
      }
      if (s.capexUsd() == null && s.leaseUsdPerHour() == null) {
        problems.add("servers[" + i + "]: needs capex_usd or lease_usd_per_hour");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(origin + ": " + String.join("; ", problems));
    }
    return catalog;
  }

  public Optional<Server> server(String sku) {
    return servers.stream().filter(s -> s.sku().equals(sku)).findFirst();
  }

  public Optional<Ssd> ssd(String sku) {
    return ssds.stream().filter(s -> s.sku().equals(sku)).findFirst();
  }

  public Optional<Network> network(String sku) {
    return networks.stream().filter(s -> s.sku().equals(sku)).findFirst();
  }

  /**
   * The server whose GPU model the NVML product name names, preferring one with {@code gpus}
   * GPUs: "NVIDIA H100 80GB HBM3" matches gpu_model "H100-SXM" (its first token, "H100").
   * The name does not say SXM or PCIe, so the first listed of equal matches wins.
   */
  public Optional<Server> serverFor(String productName, int gpus) {
    List<Server> matches = servers.stream()
        .filter(s -> names(productName, s.gpuModel())).toList();
    return matches.stream().filter(s -> s.gpusPerServer() == gpus).findFirst()
        .or(() -> matches.stream().findFirst());
  }

  /** The cloud offer for the GPU model the NVML product name names. */
  public Optional<Cloud> cloudFor(String productName) {
    return cloud.stream().filter(c -> names(productName, c.gpuModel())).findFirst();
  }

  /** True if the product name contains the model's first token as a word ("H100", "L40S"). */
  static boolean names(String productName, String gpuModel) {
    if (productName == null || gpuModel == null || gpuModel.isBlank()) {
      return false;
    }
    String token = gpuModel.split("[-_ ]")[0].toUpperCase(Locale.ROOT);
    for (String word : productName.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
      if (word.equals(token)) {
        return true;
      }
    }
    return false;
  }
}
