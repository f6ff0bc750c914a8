package dev.fleetscale.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

class StreamHubTest {

  private final StreamHub hub = new StreamHub(
      new StreamSettings(8, Duration.ofSeconds(30), 100, Duration.ofSeconds(15)),
      new SimpleMeterRegistry());

  /** Requests {@code demand} events and keeps what it gets and how it ended. */
  private static final class Client extends BaseSubscriber<StreamEvent> {
    final long demand;
    final List<StreamEvent> got = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();

    Client(long demand) {
      this.demand = demand;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      if (demand > 0) {
        request(demand);
      }
    }

    @Override
    protected void hookOnNext(StreamEvent value) {
      got.add(value);
    }

    @Override
    protected void hookOnError(Throwable throwable) {
      error.set(throwable);
    }
  }

  private static StreamEvent event(int n) {
    return new StreamEvent(StreamEvent.DECISION, "e" + n, "{\"n\":" + n + "}");
  }

  @Test
  void aClientAWholeBufferBehindIsDroppedAndTheOthersGetEverything() {
    Client reading = new Client(Long.MAX_VALUE);
    Client stalled = new Client(0);
    hub.subscribe("reading").subscribe(reading);
    hub.subscribe("stalled").subscribe(stalled);
    assertThat(hub.subscribers()).isEqualTo(2);

    for (int i = 0; i < 8; i++) {
      hub.publish(event(i));
    }
    assertThat(hub.principals()).as("8 buffered: not dropped yet").contains("stalled");
    hub.publish(event(8));

    assertThat(hub.principals()).containsExactly("reading");
    assertThat(hub.dropped()).isEqualTo(1);
    assertThat(stalled.error.get()).isInstanceOf(SlowSubscriberException.class)
        .hasMessageContaining("stalled fell 8 events behind");
    assertThat(stalled.got).isEmpty();
    assertThat(reading.got).extracting(StreamEvent::id)
        .containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8");
  }

  @Test
  void aNewSubscriberGetsEachPoolsLatestSummaryFirst() {
    hub.publishPool("a", new StreamEvent(StreamEvent.POOL, "a1", "{\"pool\":\"a\",\"v\":1}"));
    hub.publishPool("a", new StreamEvent(StreamEvent.POOL, "a2", "{\"pool\":\"a\",\"v\":2}"));
    hub.publishPool("b", new StreamEvent(StreamEvent.POOL, "b1", "{\"pool\":\"b\",\"v\":1}"));
    Client late = new Client(Long.MAX_VALUE);
    hub.subscribe("late").subscribe(late);
    hub.publish(event(1));
    assertThat(late.got).extracting(StreamEvent::id).containsExactlyInAnyOrder("a2", "b1", "e1");
    assertThat(late.got.get(2).id()).isEqualTo("e1");
  }

  @Test
  void aClientThatLeavesIsForgotten() {
    Client c = new Client(Long.MAX_VALUE);
    hub.subscribe("c").subscribe(c);
    c.dispose();
    assertThat(hub.subscribers()).isZero();
  }
}
