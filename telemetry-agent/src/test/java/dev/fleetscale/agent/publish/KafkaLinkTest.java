package dev.fleetscale.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KafkaLinkTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final KafkaLink link = new KafkaLink(Duration.ofSeconds(5), now::get);

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  @Test
  void aSendOutstandingPastTheThresholdIsStalledBeforeItFails() {
    link.sending(1);
    link.acknowledged();
    assertThat(link.state()).isEqualTo(KafkaLink.State.CONNECTED);

    link.sending(2);
    advance(Duration.ofSeconds(4));
    assertThat(link.state()).isEqualTo(KafkaLink.State.CONNECTED);
    assertThat(link.inFlightFor()).hasValue(Duration.ofSeconds(4));
    assertThat(link.inFlightSequence()).isEqualTo(2);

    advance(Duration.ofMillis(1_001));
    assertThat(link.state()).isEqualTo(KafkaLink.State.STALLED);

    link.failed("TimeoutException: Expiring 1 record(s)");
    assertThat(link.state()).isEqualTo(KafkaLink.State.DISCONNECTED);
    assertThat(link.inFlightFor()).isEmpty();
  }

  @Test
  void aRetryThatHangsAfterAFailureStaysDisconnected() {
    link.failed("broker down");
    link.sending(3);
    advance(Duration.ofSeconds(20));
    assertThat(link.state()).isEqualTo(KafkaLink.State.DISCONNECTED);
    assertThat(link.lastError()).isEqualTo("broker down");
  }

  @Test
  void anAcknowledgementEndsTheStall() {
    link.sending(1);
    advance(Duration.ofSeconds(6));
    assertThat(link.state()).isEqualTo(KafkaLink.State.STALLED);

    link.acknowledged();
    assertThat(link.state()).isEqualTo(KafkaLink.State.CONNECTED);
    assertThat(link.inFlightSequence()).isEqualTo(-1);
  }

  @Test
  void theThresholdMustBePositive() {
    assertThatThrownBy(() -> new KafkaLink(Duration.ZERO, System::nanoTime))
        .hasMessageContaining("stallAfter must be positive");
  }
}
