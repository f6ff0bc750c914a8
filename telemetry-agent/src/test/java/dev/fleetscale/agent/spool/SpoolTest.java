package dev.fleetscale.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

  private static final long MIB = 1024 * 1024;

  @TempDir Path dir;
  private final RecordingEvents events = new RecordingEvents();

  @Test
  void samplesLeaveInTheOrderTheyCame() throws Exception {
    try (Spool spool = Spool.open(dir, MIB, events)) {
      for (long s = 1; s <= 5; s++) {
        spool.append(s, payload(s, 100));
      }
      assertThat(spool.depth()).isEqualTo(5);
      assertThat(drain(spool)).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(spool.depth()).isZero();
      assertThat(spool.peek()).isEmpty();
    }
    assertThat(events.corrupt).isEmpty();
  }

  @Test
  void payloadComesBackUnchanged() throws Exception {
    try (Spool spool = Spool.open(dir, MIB, events)) {
      spool.append(7, "{\"sequence\":7}".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(spool.peek().orElseThrow().payload(), StandardCharsets.UTF_8))
          .isEqualTo("{\"sequence\":7}");
    }
  }

  @Test
  void aRestartReplaysWhatWasNotAcknowledgedAndKeepsCounting() throws Exception {
    try (Spool spool = Spool.open(dir, MIB, events)) {
      for (long s = 1; s <= 5; s++) {
        spool.append(s, payload(s, 100));
      }
      spool.ack(spool.peek().orElseThrow().sequence());
      spool.ack(spool.peek().orElseThrow().sequence());
    }
    try (Spool reopened = Spool.open(dir, MIB, events)) {
      assertThat(reopened.depth()).isEqualTo(3);
      assertThat(reopened.lastSequence()).isEqualTo(5);
      reopened.append(6, payload(6, 100));
      assertThat(drain(reopened)).containsExactly(3L, 4L, 5L, 6L);
    }
    try (Spool again = Spool.open(dir, MIB, events)) {
      assertThat(again.depth()).isZero();
      assertThat(again.lastSequence()).isEqualTo(6);
    }
    assertThat(events.corrupt).isEmpty();
  }

  @Test
  void pastTheLimitTheOldestAreDroppedAndCounted() throws Exception {
    long max = 256 * 1024;
    try (Spool spool = Spool.open(dir, max, events)) {
      for (long s = 1; s <= 100; s++) {
        spool.append(s, payload(s, 10_000));
      }
      assertThat(spool.bytes()).isLessThanOrEqualTo(max);
      assertThat(events.droppedSamples()).isEqualTo(100 - spool.depth());
      assertThat(events.dropped.get(0)[1]).isEqualTo(1);
      List<Long> left = drain(spool);
      assertThat(left).last().isEqualTo(100L);
      assertThat(left.get(0)).isEqualTo(events.dropped.get(events.dropped.size() - 1)[2] + 1);
      assertThat(left).isSorted().doesNotHaveDuplicates().hasSize((int) (100 - events.droppedSamples()));
    }
  }

  @Test
  void droppingWhileReadingContinuesAtTheOldestSurvivor() throws Exception {
    try (Spool spool = Spool.open(dir, 256 * 1024, events)) {
      spool.append(1, payload(1, 10_000));
      assertThat(spool.peek().orElseThrow().sequence()).isEqualTo(1);
      for (long s = 2; s <= 60; s++) {
        spool.append(s, payload(s, 10_000));
      }
      long oldest = spool.peek().orElseThrow().sequence();
      assertThat(oldest).isGreaterThan(1);
      assertThat(events.droppedSamples()).isEqualTo(oldest - 1);
    }
  }

  @Test
  void aDamagedRecordIsReportedAndTheReadablePartsKept() throws Exception {
    try (Spool spool = Spool.open(dir, 2 * MIB, events)) {
      for (long s = 1; s <= 20; s++) {
        spool.append(s, payload(s, 30_000)); // 128 KiB segments: 5 records each
      }
    }
    List<Path> segments = segmentFiles();
    assertThat(segments).hasSizeGreaterThan(2);
    Path second = segments.get(1);
    byte[] bytes = Files.readAllBytes(second);
    int thirdRecordPayload = 2 * (Spool.HEADER_BYTES + 30_000) + Spool.HEADER_BYTES + 10;
    bytes[thirdRecordPayload] ^= 0x5a;
    Files.write(second, bytes);

    try (Spool reopened = Spool.open(dir, 2 * MIB, events)) {
      List<Long> replayed = drain(reopened);
      assertThat(events.corrupt).hasSize(1);
      assertThat(events.corrupt.get(0)).contains(second.getFileName().toString()).contains("checksum");
      // segment 2 holds 6..10: 6 and 7 are readable, 8..10 are skipped
      assertThat(replayed).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
    }
  }

  @Test
  void aGarbageFileAndATornTailAreReportedNotFatal() throws Exception {
    try (Spool spool = Spool.open(dir, MIB, events)) {
      for (long s = 10; s <= 12; s++) {
        spool.append(s, payload(s, 100));
      }
    }
    Path segment = segmentFiles().get(0);
    byte[] bytes = Files.readAllBytes(segment);
    Files.write(segment, java.util.Arrays.copyOf(bytes, bytes.length - 7));
    Files.write(dir.resolve("00000000000000000001.seg"), "this is not a spool".getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("junk.seg"), new byte[] {1, 2, 3});

    try (Spool reopened = Spool.open(dir, MIB, events)) {
      assertThat(drain(reopened)).containsExactly(10L, 11L);
      reopened.append(13, payload(13, 100));
      assertThat(drain(reopened)).containsExactly(13L);
    }
    assertThat(events.corrupt).hasSize(3);
  }

  @Test
  void sequencesMustIncreaseAndOnlyTheOldestCanBeAcknowledged() throws Exception {
    try (Spool spool = Spool.open(dir, MIB, events)) {
      spool.append(5, payload(5, 10));
      spool.append(6, payload(6, 10));
      assertThatThrownBy(() -> spool.append(6, payload(6, 10)))
          .isInstanceOf(IllegalArgumentException.class);
      spool.peek();
      assertThatThrownBy(() -> spool.ack(6)).isInstanceOf(IllegalStateException.class);
    }
  }

  private static byte[] payload(long sequence, int size) {
    byte[] bytes = new byte[size];
    java.util.Arrays.fill(bytes, (byte) ('a' + sequence % 26));
    return bytes;
  }

  private static List<Long> drain(Spool spool) {
    List<Long> out = new ArrayList<>();
    while (true) {
      var entry = spool.peek();
      if (entry.isEmpty()) {
        return out;
      }
      out.add(entry.get().sequence());
      spool.ack(entry.get().sequence());
    }
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
  }

  private static final class RecordingEvents implements SpoolEvents {
    final List<long[]> dropped = new ArrayList<>();
    final List<String> corrupt = new ArrayList<>();

    @Override
    public void dropped(long samples, long firstSequence, long lastSequence) {
      dropped.add(new long[] {samples, firstSequence, lastSequence});
    }

    @Override
    public void corrupt(Path file, String reason) {
      corrupt.add(file.getFileName() + ": " + reason);
    }

    long droppedSamples() {
      return dropped.stream().mapToLong(d -> d[0]).sum();
    }
  }
}
