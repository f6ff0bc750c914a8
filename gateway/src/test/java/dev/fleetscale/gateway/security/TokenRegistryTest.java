package dev.fleetscale.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenRegistryTest {

  private static final String ALICE = "Zk3rQ0b9m1Yc7xWv2sTq8pLn5hJd4gFa6eRu0iOy3tE";
  private static final String BOB = "Pq9wE2rT5yU8iO1pA4sD7fG0hJ3kL6zX9cV2bN5mQ8w";

  @Test
  void findsATokenByItsHashWithNameAndRole() {
    TokenRegistry registry = new TokenRegistry(new TokenSettings(null,
        "alice:approver:" + TokenRegistry.sha256(ALICE) + ", bob:viewer:" + TokenRegistry.sha256(BOB)));

    assertThat(registry.find(ALICE)).hasValueSatisfying(t -> {
      assertThat(t.name()).isEqualTo("alice");
      assertThat(t.role()).isEqualTo(Role.APPROVER);
    });
    assertThat(registry.find(BOB).map(ApiToken::role)).hasValue(Role.VIEWER);
    assertThat(registry.find(TokenRegistry.sha256(ALICE))).as("the hash is no token").isEmpty();
    assertThat(registry.find("")).isEmpty();
  }

  @Test
  void sha256IsTheHexOfTheUtf8Bytes() {
    // printf %s abc | sha256sum
    assertThat(TokenRegistry.sha256("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void rolesIncludeEveryLowerRole() {
    assertThat(Role.ADMIN.granted()).containsExactly("viewer", "operator", "approver", "admin");
    assertThat(Role.OPERATOR.granted()).containsExactly("viewer", "operator");
    assertThat(Role.VIEWER.granted()).containsExactly("viewer");
  }

  @Test
  void readsTheTokenFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens.yaml");
    Files.writeString(file, "tokens:\n  - name: ada\n    role: admin\n    sha256: "
        + TokenRegistry.sha256(ALICE) + "\n");
    TokenRegistry registry = new TokenRegistry(new TokenSettings(file.toString(),
        "bob:operator:" + TokenRegistry.sha256(BOB)));

    assertThat(registry.find(ALICE).map(ApiToken::name)).hasValue("ada");
    assertThat(registry.find(BOB).map(ApiToken::role)).hasValue(Role.OPERATOR);
  }

  @Test
  void badEntriesStopTheStartNamingEntryAndRule(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens.yaml");
    Files.writeString(file, "tokens:\n  - name: ada\n    role: root\n    sha256: "
        + TokenRegistry.sha256(ALICE) + "\n    token: plain\n");
    String hash = TokenRegistry.sha256(BOB);

    assertThatThrownBy(() -> new TokenRegistry(new TokenSettings(file.toString(),
        "bob:viewer:" + hash.toUpperCase() + ",carol:viewer," + "dave:viewer:" + hash
            + ",dave:admin:" + TokenRegistry.sha256("x"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(file + ": tokens[0].role: must be one of [viewer, operator,"
            + " approver, admin], got 'root'")
        .hasMessageContaining(file + ": tokens[0].token: unknown field (fields: name, role, sha256)")
        .hasMessageContaining("fleetscale.gateway.tokens[0].sha256: must be 64 lower-case hex"
            + " digits (SHA-256 of the token)")
        .hasMessageContaining("fleetscale.gateway.tokens[1]: must be name:role:sha256")
        .hasMessageContaining("tokens: name 'dave' is configured twice")
        .hasMessageNotContaining(hash);
  }

  @Test
  void twoNamesWithOneTokenAreRefused() {
    String hash = TokenRegistry.sha256(ALICE);
    assertThatThrownBy(() -> new TokenRegistry(new TokenSettings(null,
        "a:viewer:" + hash + " b:admin:" + hash)))
        .hasMessageContaining("tokens: the token of 'b' is also the token of 'a'");
  }
}
