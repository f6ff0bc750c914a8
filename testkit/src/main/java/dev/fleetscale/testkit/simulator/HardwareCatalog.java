package dev.fleetscale.testkit.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulator needs of procurement's hardware catalog (the same YAML file, e.g.
 * {@code procurement-service/src/main/resources/catalog/default-catalog.yaml}) to turn a
 * delivered proposal's line items into hardware: per server SKU its GPUs, per SSD SKU its
 * capacity, the network SKUs, and per cloud SKU its GPU model. Prices are ignored.
 *
 * <p>Immutable and thread-safe.
 */
public final class HardwareCatalog {

  /** A server SKU: {@code gpus} GPUs of {@code gpuModel} with {@code gpuMemoryGb} each. */
  public record Server(String sku, String gpuModel, int gpus, double gpuMemoryGb) {}

  /** How the simulator treats a SKU it was delivered. */
  public enum Kind { SERVER, SSD, NETWORK, CLOUD }

  private final Map<String, Server> servers;
  private final Map<String, Kind> kinds;

  private HardwareCatalog(Map<String, Server> servers, Map<String, Kind> kinds) {
    this.servers = Map.copyOf(servers);
    this.kinds = Map.copyOf(kinds);
  }

  /** A catalog of the given servers only. */
  public static HardwareCatalog of(Server... servers) {
    Map<String, Server> byId = new LinkedHashMap<>();
    Map<String, Kind> kinds = new LinkedHashMap<>();
    for (Server s : servers) {
      byId.put(s.sku(), s);
      kinds.put(s.sku(), Kind.SERVER);
    }
    return new HardwareCatalog(byId, kinds);
  }

  /**
   * Reads procurement's catalog YAML ({@code servers}, {@code ssds}, {@code networks}, {@code cloud}).
   *
   * @throws IllegalArgumentException naming the file, the entry and the field that is missing or wrong
   */
  public static HardwareCatalog read(Path yaml) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("hardware catalog " + yaml + ": cannot read", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("hardware catalog " + yaml + ": must be a YAML mapping");
    }
    Map<String, Server> servers = new LinkedHashMap<>();
    Map<String, Kind> kinds = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode s : root.path("servers")) {
      String where = "hardware catalog " + yaml + ": servers[" + i++ + "]";
      String sku = text(s, "sku", where);
      int gpus = s.path("gpus_per_server").asInt(0);
      if (gpus <= 0) {
        throw new IllegalArgumentException(where + " (" + sku + "): gpus_per_server must be a whole number > 0");
      }
      servers.put(sku, new Server(sku, text(s, "gpu_model", where), gpus, s.path("gpu_memory_gb").asDouble(141)));
      kinds.put(sku, Kind.SERVER);
    }
    i = 0;
    for (JsonNode s : root.path("ssds")) {
      kinds.put(text(s, "sku", "hardware catalog " + yaml + ": ssds[" + i++ + "]"), Kind.SSD);
    }
    i = 0;
    for (JsonNode s : root.path("networks")) {
      kinds.put(text(s, "sku", "hardware catalog " + yaml + ": networks[" + i++ + "]"), Kind.NETWORK);
    }
    i = 0;
    for (JsonNode s : root.path("cloud")) {
      String where = "hardware catalog " + yaml + ": cloud[" + i++ + "]";
      String sku = text(s, "sku", where);
      kinds.put(sku, Kind.CLOUD);
      // Cloud GPUs come in 8-GPU instances in the simulator.
      servers.put(sku, new Server(sku, text(s, "gpu_model", where), 8, s.path("gpu_memory_gb").asDouble(80)));
    }
    return new HardwareCatalog(servers, kinds);
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": " + field + " is required (a non-empty string)");
    }
    return v.asText();
  }

  public Optional<Kind> kind(String sku) {
    return Optional.ofNullable(kinds.get(sku));
  }

  /** The server (or cloud instance) a SKU delivers. */
  public Optional<Server> server(String sku) {
    return Optional.ofNullable(servers.get(sku));
  }
}
