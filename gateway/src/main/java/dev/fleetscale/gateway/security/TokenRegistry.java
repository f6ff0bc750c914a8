package dev.fleetscale.gateway.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The configured API tokens, by the SHA-256 of the token. Only hashes are configured and kept; a
 * presented token is hashed and looked up. Nothing here logs a token or a hash: the start logs the
 * principals' names and roles.
 *
 * <p>Every problem with the configuration stops the start, naming the entry and the rule, e.g.
 * {@code fleetscale.gateway.tokens[1].sha256: must be 64 lower-case hex digits (SHA-256 of the
 * token)}. Created with the context ({@code @Context}), so a bad entry fails the start, not the
 * first request.
 */
@Context
public class TokenRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(TokenRegistry.class);
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

  private final Map<String, ApiToken> byHash;

  public TokenRegistry(TokenSettings settings) {
    List<String> problems = new ArrayList<>();
    List<ApiToken> tokens = new ArrayList<>();
    if (settings.tokenFile() != null && !settings.tokenFile().isBlank()) {
      tokens.addAll(fromFile(Path.of(settings.tokenFile()), problems));
    }
    if (settings.tokens() != null && !settings.tokens().isBlank()) {
      tokens.addAll(fromList(settings.tokens(), problems));
    }
    Map<String, ApiToken> hashes = new HashMap<>();
    Map<String, ApiToken> names = new HashMap<>();
    for (ApiToken t : tokens) {
      if (names.putIfAbsent(t.name(), t) != null) {
        problems.add("tokens: name '" + t.name() + "' is configured twice");
      }
      if (hashes.putIfAbsent(t.sha256(), t) != null) {
        problems.add("tokens: the token of '" + t.name() + "' is also the token of '"
            + hashes.get(t.sha256()).name() + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("invalid API tokens: " + String.join("; ", problems));
    }
    this.byHash = Map.copyOf(hashes);
    if (byHash.isEmpty()) {
      LOG.warn("no API tokens configured (fleetscale.gateway.token-file, FLEETSCALE_GATEWAY_TOKENS):"
          + " every /api route answers 401");
    } else {
      LOG.info("API tokens for {}", tokens.stream().map(t -> t.name() + " (" + t.role().id() + ")")
          .toList());
    }
  }

  /** The token's entry, if {@code token} is a configured one. */
  public Optional<ApiToken> find(String token) {
    return Optional.ofNullable(byHash.get(sha256(token)));
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code token}. */
  public static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static List<ApiToken> fromList(String list, List<String> problems) {
    List<ApiToken> out = new ArrayList<>();
    String[] entries = list.trim().split("[,\\s]+");
    for (int i = 0; i < entries.length; i++) {
      String where = "fleetscale.gateway.tokens[" + i + "]";
      String[] parts = entries[i].split(":", -1);
      if (parts.length != 3) {
        problems.add(where + ": must be name:role:sha256");
        continue;
      }
      entry(where, parts[0], parts[1], parts[2], problems).ifPresent(out::add);
    }
    return out;
  }

  private static List<ApiToken> fromFile(Path file, List<String> problems) {
    Object document;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException e) {
      problems.add("fleetscale.gateway.token-file: cannot read " + file + ": " + e.getMessage());
      return List.of();
    } catch (RuntimeException e) {
      problems.add("fleetscale.gateway.token-file: " + file + " is not valid YAML");
      return List.of();
    }
    if (!(document instanceof Map<?, ?> map) || !(map.get("tokens") instanceof List<?> list)) {
      problems.add(file + ": must be a YAML map with a list 'tokens'");
      return List.of();
    }
    List<ApiToken> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = file + ": tokens[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        problems.add(where + ": must be a map with name, role and sha256");
        continue;
      }
      for (Object key : entry.keySet()) {
        if (!List.of("name", "role", "sha256").contains(String.valueOf(key))) {
          problems.add(where + "." + key + ": unknown field (fields: name, role, sha256)");
        }
      }
      entry(where, text(entry.get("name")), text(entry.get("role")), text(entry.get("sha256")),
          problems).ifPresent(out::add);
    }
    return out;
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static Optional<ApiToken> entry(String where, String name, String role, String sha256,
      List<String> problems) {
    int before = problems.size();
    if (name == null || !NAME.matcher(name).matches()) {
      problems.add(where + ".name: must be 1-100 letters, digits or ._@- (starting with a letter"
          + " or digit)");
    }
    Role r = null;
    try {
      r = Role.of(role);
    } catch (IllegalArgumentException e) {
      problems.add(where + ".role: " + e.getMessage());
    }
    // The hash is not echoed: it is a secret's fingerprint.
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      problems.add(where + ".sha256: must be 64 lower-case hex digits (SHA-256 of the token)");
    }
    return problems.size() == before ? Optional.of(new ApiToken(name, r, sha256))
        : Optional.empty();
  }
}
