package dev.fleetscale.testkit.kafka;

import dev.fleetscale.testkit.stack.ChildProcess;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * A broker certificate made at test time with the JDK's keytool: a self-signed RSA key pair for
 * {@code 127.0.0.1} and {@code localhost} (subject alternative names, so clients verify the
 * host name as in production), valid for {@code days}, in a PKCS#12 keystore, and a truststore
 * holding only that certificate. Passwords are random per instance. keytool rather than
 * BouncyCastle: it ships with every JDK, so the testkit needs no extra library for it.
 */
public final class KafkaTls {

  private final Path keystore;
  private final Path truststore;
  private final String keystorePassword;
  private final String truststorePassword;

  private KafkaTls(Path keystore, Path truststore, String keystorePassword, String truststorePassword) {
    this.keystore = keystore;
    this.truststore = truststore;
    this.keystorePassword = keystorePassword;
    this.truststorePassword = truststorePassword;
  }

  /** Generates the keystore and truststore in {@code dir}. */
  public static KafkaTls generate(Path dir, int days) {
    String storePass = randomPassword();
    String trustPass = randomPassword();
    Path keystore = dir.resolve("broker.p12");
    Path cert = dir.resolve("broker.crt");
    Path truststore = dir.resolve("truststore.p12");
    Duration timeout = Duration.ofSeconds(60);
    ChildProcess.run("keytool-genkeypair", List.of(keytool(), "-genkeypair", "-alias", "broker",
        "-keyalg", "RSA", "-keysize", "2048", "-validity", String.valueOf(days),
        "-dname", "CN=localhost,O=Fleetscale test", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", storePass,
        "-keypass", storePass), dir, timeout);
    ChildProcess.run("keytool-export", List.of(keytool(), "-exportcert", "-rfc", "-alias", "broker",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", storePass,
        "-file", cert.toString()), dir, timeout);
    ChildProcess.run("keytool-import", List.of(keytool(), "-importcert", "-noprompt", "-alias", "broker",
        "-file", cert.toString(), "-storetype", "PKCS12", "-keystore", truststore.toString(),
        "-storepass", trustPass), dir, timeout);
    return new KafkaTls(keystore, truststore, storePass, trustPass);
  }

  public Path keystore() {
    return keystore;
  }

  public Path truststore() {
    return truststore;
  }

  public String keystorePassword() {
    return keystorePassword;
  }

  public String truststorePassword() {
    return truststorePassword;
  }

  private static String randomPassword() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String keytool() {
    return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
  }
}
