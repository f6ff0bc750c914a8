package dev.fleetscale.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The secured listener of a test broker: TLS with a certificate made at start ({@link KafkaTls}),
 * SASL/SCRAM-SHA-512 users created through the admin API, and Kafka's {@code StandardAuthorizer}
 * with ACLs, nothing allowed that no ACL allows. Everything here is broker and client
 * <em>configuration</em>, what an operator sets on a production cluster; no Fleetscale code knows
 * about it.
 *
 * <p>The broker keeps its PLAINTEXT listener on loopback for itself (inter-broker and controller
 * traffic) and for the test's own set-up: its principal, {@code User:ANONYMOUS}, is the super user.
 * Services connect to the SASL_SSL listener only, with the users and ACLs the test grants.
 */
public final class KafkaSecurity {

  public static final String MECHANISM = "SCRAM-SHA-512";

  private final KafkaTls tls;
  private final int saslPort;

  KafkaSecurity(KafkaTls tls, int saslPort) {
    this.tls = tls;
    this.saslPort = saslPort;
  }

  public int saslPort() {
    return saslPort;
  }

  public KafkaTls tls() {
    return tls;
  }

  /** Broker properties for the SASL_SSL listener, TLS, SCRAM and the authorizer. */
  List<String> brokerProperties() {
    return List.of(
        "sasl.enabled.mechanisms=" + MECHANISM,
        "listener.name.sasl_ssl.sasl.enabled.mechanisms=" + MECHANISM,
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
            + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "ssl.keystore.type=PKCS12",
        "ssl.keystore.location=" + tls.keystore().toAbsolutePath(),
        "ssl.keystore.password=" + tls.keystorePassword(),
        "ssl.key.password=" + tls.keystorePassword(),
        "ssl.enabled.protocols=TLSv1.3,TLSv1.2",
        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users=User:ANONYMOUS",
        "allow.everyone.if.no.acl.found=false");
  }

  /**
   * The client properties a service is given for {@code user}: what goes into its
   * {@code FLEETSCALE_KAFKA_PROPERTIES_FILE}.
   */
  public Map<String, String> clientProperties(String user, String password) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", MECHANISM);
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
        + " username=\"" + user + "\" password=\"" + password + "\";");
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.location", tls.truststore().toAbsolutePath().toString());
    p.put("ssl.truststore.password", tls.truststorePassword());
    return p;
  }

  /** Writes {@link #clientProperties} as a Java properties file readable by its owner only. */
  public Path writeClientProperties(Path file, String user, String password) {
    Properties properties = new Properties();
    properties.putAll(clientProperties(user, password));
    try {
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        properties.store(out, "Kafka client security for " + user);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** Creates or replaces SCRAM-SHA-512 users through the admin API of the PLAINTEXT listener. */
  public static void upsertUsers(String plainBootstrap, Map<String, String> passwords) {
    try (Admin admin = admin(plainBootstrap)) {
      admin.alterUserScramCredentials(passwords.entrySet().stream()
          .<org.apache.kafka.clients.admin.UserScramCredentialAlteration>map(e -> new UserScramCredentialUpsertion(
              e.getKey(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), e.getValue()))
          .toList()).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw failure("cannot create SCRAM users " + passwords.keySet(), e);
    }
  }

  /** Adds ACLs through the admin API of the PLAINTEXT listener. */
  public static void grant(String plainBootstrap, Collection<AclBinding> acls) {
    try (Admin admin = admin(plainBootstrap)) {
      admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw failure("cannot create ACLs", e);
    }
  }

  /** Allows {@code user} an operation on a literal topic, group or transactional id. */
  public static AclBinding allow(String user, ResourceType type, String name, AclOperation operation) {
    return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
        new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
  }

  private static IllegalStateException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return new IllegalStateException(what + ": " + cause, cause);
  }
}
