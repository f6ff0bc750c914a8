package dev.fleetscale.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** Credentials and ACL failures are told apart from outages: REFUSED, not DISCONNECTED. */
public class KafkaRefusalTest {

  @Test
  void authenticationAndAuthorizationFailuresAreRefusalsWhereverTheyAreInTheChain() {
    SaslAuthenticationException sasl = new SaslAuthenticationException("Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512");
    assertThat(PublisherVerticle.refusal(sasl)).isSameAs(sasl);
    SslAuthenticationException ssl = new SslAuthenticationException("SSL handshake failed");
    assertThat(PublisherVerticle.refusal(new KafkaException("send failed", ssl))).isSameAs(ssl);
    TopicAuthorizationException acl = new TopicAuthorizationException("Not authorized to access topics: [fleet.telemetry.v1]");
    assertThat(PublisherVerticle.refusal(acl)).isSameAs(acl);
    assertThat(PublisherVerticle.refusal(new TimeoutException("Expiring 1 record(s)"))).isNull();
    assertThat(PublisherVerticle.refusal(null)).isNull();
  }

  @Test
  public static KafkaLink refusedLink() {
    KafkaLink link = new KafkaLink();
    link.refused("SaslAuthenticationException: invalid credentials");
    return link;
  }

  @Test
  void aRefusedLinkStaysRefusedWhileTheRetryIsInFlightAndRecoversOnAnAck() {
    AtomicLong now = new AtomicLong();
    KafkaLink link = new KafkaLink(Duration.ofSeconds(5), now::get);
    link.refused("SaslAuthenticationException: invalid credentials");
    link.sending(7);
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(link.state()).isEqualTo(KafkaLink.State.REFUSED);
    link.acknowledged();
    assertThat(link.state()).isEqualTo(KafkaLink.State.CONNECTED);
    assertThat(link.lastError()).isNull();
  }
}
