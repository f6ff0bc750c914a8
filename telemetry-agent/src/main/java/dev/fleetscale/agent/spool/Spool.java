package dev.fleetscale.agent.spool;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A bounded, ordered, on-disk queue of encoded samples: the agent's write-ahead log between
 * sampling and Kafka.
 *
 * <p>Every sample is appended here first and removed ({@link #ack}) only after Kafka acknowledged
 * it, so a broker outage, a slow broker or an agent restart loses nothing, and samples leave in the
 * order they were taken ({@link #peek} always returns the oldest unacknowledged one). Appends never
 * wait for Kafka, which is what keeps back-pressure away from sampling.
 *
 * <p>Layout: segment files {@code <first sequence, 20 digits>.seg}, each a run of records {@code
 * [int payload length][long sequence][int CRC32C of sequence and payload][payload]}, plus {@code
 * acked}, the last acknowledged sequence, so a restart neither resends acknowledged samples nor
 * reuses sequence numbers. Appends are not fsync'ed: the page cache survives an agent crash; a host
 * crash can cost the last few seconds, which the next start detects as a torn record.
 *
 * <p>Bound: past {@code maxBytes} the oldest whole segment is deleted and its unsent samples are
 * reported through {@link SpoolEvents#dropped} (never silently). Corruption (a torn tail after a
 * crash, a damaged file) is reported through {@link SpoolEvents#corrupt}; the readable records
 * before it are kept and the rest of that file is skipped.
 *
 * <p>Thread-safe: the sampler appends from its worker thread while the publisher peeks and acks.
 */
public final class Spool implements Closeable {

  static final String SEGMENT_SUFFIX = ".seg";
  static final String ACKED_FILE = "acked";
  static final int HEADER_BYTES = 4 + 8 + 4;
  /** A sample is a few KiB; anything near this is a damaged length field, not a sample. */
  static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final SpoolEvents events;
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private final FileChannel ackedChannel;

  private Segment active;
  private FileChannel activeChannel;
  private Segment readSegment;
  private long readOffset;
  private long readIndex;
  private SpoolEntry head;
  private long headEnd;
  private long ackedSequence;
  private long highestSequence;
  private long unacked;
  private long totalBytes;

  private Spool(Path dir, long maxBytes, long segmentBytes, SpoolEvents events) throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.events = events;
    Files.createDirectories(dir);
    this.ackedSequence = readAcked();
    this.highestSequence = ackedSequence;
    this.ackedChannel =
        FileChannel.open(
            dir.resolve(ACKED_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    recover();
  }

  /**
   * Opens (creating if needed) the spool in {@code dir} and recovers what a previous run left.
   *
   * @param maxBytes the most disk the spool may use, bytes
   * @param events where losses are reported
   * @throws UncheckedIOException if the folder cannot be created or read (a startup failure: the
   *     agent must not run without its spool)
   */
  public static Spool open(Path dir, long maxBytes, SpoolEvents events) {
    // Segments of a sixteenth of the limit: dropping one on overflow loses ~6 % of the spool, and
    // a healthy agent keeps at most two small files.
    long segmentBytes = Math.max(64 * 1024, Math.min(8L * 1024 * 1024, maxBytes / 16));
    try {
      return new Spool(dir, maxBytes, segmentBytes, events);
    } catch (IOException e) {
      throw new UncheckedIOException("spool " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends a sample behind everything already spooled.
   *
   * @param sequence must be greater than every sequence appended or acknowledged before
   * @throws IllegalArgumentException if the sequence does not increase
   * @throws UncheckedIOException if the disk write fails (disk full): the caller counts the sample
   *     as lost
   */
  public synchronized void append(long sequence, byte[] payload) {
    if (sequence <= highestSequence) {
      throw new IllegalArgumentException(
          "sequence " + sequence + " is not after " + highestSequence);
    }
    try {
      if (active == null || active.bytes >= segmentBytes) {
        roll(sequence);
      }
      ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + payload.length);
      record.putInt(payload.length).putLong(sequence).putInt(crc(sequence, payload)).put(payload);
      record.flip();
      while (record.hasRemaining()) {
        activeChannel.write(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("spool append failed: " + e.getMessage(), e);
    }
    long size = HEADER_BYTES + payload.length;
    active.bytes += size;
    active.entries++;
    active.lastSequence = sequence;
    totalBytes += size;
    highestSequence = sequence;
    unacked++;
    if (readSegment == null) {
      readSegment = active;
    }
    enforceLimit();
  }

  /** The oldest unacknowledged sample, or empty when everything was acknowledged. */
  public synchronized Optional<SpoolEntry> peek() {
    // Each failed read skips or leaves a segment, so this ends after at most one pass over them.
    int attempts = segments.size() + 1;
    while (head == null && unacked > 0 && attempts-- > 0) {
      head = readHead();
    }
    return Optional.ofNullable(head);
  }

  /**
   * Removes the oldest sample after Kafka acknowledged it.
   *
   * @param sequence the sequence {@link #peek} returned
   * @throws IllegalStateException if {@code sequence} is not the oldest sample
   */
  public synchronized void ack(long sequence) {
    if (head == null || head.sequence() != sequence) {
      throw new IllegalStateException(
          "ack of " + sequence + " but the oldest sample is " + (head == null ? "none" : head.sequence()));
    }
    readOffset = headEnd;
    readIndex++;
    head = null;
    unacked--;
    ackedSequence = sequence;
    writeAcked(sequence);
    if (readOffset >= readSegment.bytes && readSegment != active) {
      advanceReadSegment();
    }
  }

  /** Samples waiting to be sent. */
  public synchronized long depth() {
    return unacked;
  }

  /** Disk used by segment files, bytes. */
  public synchronized long bytes() {
    return totalBytes;
  }

  /** The highest sequence number ever appended or acknowledged here; -1 for a new spool. */
  public synchronized long lastSequence() {
    return highestSequence;
  }

  @Override
  public synchronized void close() throws IOException {
    if (activeChannel != null) {
      activeChannel.close();
    }
    ackedChannel.close();
  }

  private void roll(long firstSequence) throws IOException {
    if (activeChannel != null) {
      activeChannel.close();
    }
    Segment previous = active;
    Path path = dir.resolve(String.format("%020d%s", firstSequence, SEGMENT_SUFFIX));
    active = new Segment(firstSequence, path);
    activeChannel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    segments.put(firstSequence, active);
    if (previous != null && previous == readSegment && readOffset >= previous.bytes) {
      advanceReadSegment();
    }
  }

  private void enforceLimit() {
    while (totalBytes > maxBytes && segments.size() > 1) {
      Segment oldest = segments.firstEntry().getValue();
      long lost = oldest == readSegment ? oldest.entries - readIndex : oldest.entries;
      long firstLost = oldest == readSegment && head != null ? head.sequence() : -1;
      if (firstLost < 0) {
        firstLost = oldest == readSegment ? peekSequenceAt(oldest, readOffset) : oldest.firstSequence;
      }
      deleteSegment(oldest);
      if (oldest == readSegment) {
        head = null;
        moveReaderTo(segments.isEmpty() ? null : segments.firstEntry().getValue());
      }
      unacked -= lost;
      if (lost > 0) {
        events.dropped(lost, firstLost, oldest.lastSequence);
      }
    }
  }

  private SpoolEntry readHead() {
    if (readSegment == null) {
      return null;
    }
    if (readOffset >= readSegment.bytes) {
      if (readSegment == active) {
        return null;
      }
      advanceReadSegment();
      return null;
    }
    try (FileChannel channel = FileChannel.open(readSegment.path, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      readFully(channel, header, readOffset);
      header.flip();
      int length = header.getInt();
      long sequence = header.getLong();
      int crc = header.getInt();
      if (length < 0 || length > MAX_PAYLOAD_BYTES || readOffset + HEADER_BYTES + length > readSegment.bytes) {
        throw new CorruptRecord("record length " + length + " does not fit the file");
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      readFully(channel, payload, readOffset + HEADER_BYTES);
      if (crc(sequence, payload.array()) != crc) {
        throw new CorruptRecord("checksum mismatch for sequence " + sequence);
      }
      headEnd = readOffset + HEADER_BYTES + length;
      return new SpoolEntry(sequence, payload.array());
    } catch (IOException | CorruptRecord e) {
      skipRestOfReadSegment("at byte " + readOffset + ": " + e.getMessage());
      return null;
    }
  }

  private void skipRestOfReadSegment(String reason) {
    long lost = readSegment.entries - readIndex;
    events.corrupt(readSegment.path, reason + "; skipped " + lost + " sample(s)");
    unacked -= lost;
    Segment skipped = readSegment;
    if (skipped == active) {
      // Appending behind unreadable bytes would hide new samples too: start a fresh segment.
      closeActive();
    }
    deleteSegment(skipped);
    moveReaderTo(segments.isEmpty() ? null : segments.firstEntry().getValue());
  }

  private long peekSequenceAt(Segment segment, long offset) {
    try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      readFully(channel, header, offset);
      return header.getLong(4);
    } catch (IOException e) {
      return segment.firstSequence;
    }
  }

  private void advanceReadSegment() {
    Segment done = readSegment;
    Map.Entry<Long, Segment> next = segments.higherEntry(done.firstSequence);
    if (done != active) {
      deleteSegment(done);
    }
    moveReaderTo(next == null ? null : next.getValue());
  }

  private void moveReaderTo(Segment segment) {
    readSegment = segment;
    readOffset = 0;
    readIndex = 0;
  }

  private void deleteSegment(Segment segment) {
    segments.remove(segment.firstSequence);
    totalBytes -= segment.bytes;
    try {
      Files.deleteIfExists(segment.path);
    } catch (IOException e) {
      events.corrupt(segment.path, "cannot delete: " + e.getMessage());
    }
  }

  private void closeActive() {
    try {
      activeChannel.close();
    } catch (IOException e) {
      // closing a channel we only appended to: nothing left to lose
    }
    active = null;
    activeChannel = null;
  }

  /** Scans what a previous run left: keeps readable records, truncates at the first bad one. */
  private void recover() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SEGMENT_SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        try {
          long first = Long.parseLong(name.substring(0, name.length() - SEGMENT_SUFFIX.length()));
          segments.put(first, new Segment(first, file));
        } catch (NumberFormatException e) {
          events.corrupt(file, "not a spool segment name; ignored");
        }
      }
    }
    long previousSequence = Long.MIN_VALUE;
    for (Segment segment : segments.values().toArray(new Segment[0])) {
      previousSequence = scan(segment, previousSequence);
    }
    for (Segment segment : segments.values()) {
      if (readSegment == null && segment.lastSequence > ackedSequence) {
        readSegment = segment;
      }
    }
    // Segments wholly acknowledged before the crash are deleted; the reader starts at the first
    // unacknowledged record.
    for (Segment segment : segments.values().toArray(new Segment[0])) {
      if (segment.lastSequence <= ackedSequence) {
        deleteSegment(segment);
      }
    }
    if (readSegment != null) {
      skipAcknowledged();
    }
  }

  private long scan(Segment segment, long previousSequence) throws IOException {
    long size = Files.size(segment.path);
    long offset = 0;
    String problem = null;
    try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      while (offset < size) {
        if (offset + HEADER_BYTES > size) {
          problem = "torn record header at byte " + offset;
          break;
        }
        header.clear();
        readFully(channel, header, offset);
        header.flip();
        int length = header.getInt();
        long sequence = header.getLong();
        int crc = header.getInt();
        if (length < 0 || length > MAX_PAYLOAD_BYTES || offset + HEADER_BYTES + length > size) {
          problem = "record length " + length + " at byte " + offset + " does not fit the file";
          break;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, offset + HEADER_BYTES);
        if (crc(sequence, payload.array()) != crc) {
          problem = "checksum mismatch at byte " + offset;
          break;
        }
        if (sequence <= previousSequence) {
          problem = "sequence " + sequence + " at byte " + offset + " is not after " + previousSequence;
          break;
        }
        previousSequence = sequence;
        segment.entries++;
        segment.lastSequence = sequence;
        if (sequence > ackedSequence) {
          unacked++;
        }
        highestSequence = Math.max(highestSequence, sequence);
        offset += HEADER_BYTES + length;
      }
    }
    if (problem != null) {
      events.corrupt(
          segment.path,
          problem + "; kept " + segment.entries + " sample(s), skipped " + (size - offset) + " byte(s)");
      try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.WRITE)) {
        channel.truncate(offset);
      }
    }
    segment.bytes = offset;
    totalBytes += offset;
    if (segment.entries == 0) {
      deleteSegment(segment);
    }
    return previousSequence;
  }

  private void skipAcknowledged() {
    while (readIndex < readSegment.entries) {
      long sequence = peekSequenceAt(readSegment, readOffset);
      if (sequence > ackedSequence) {
        return;
      }
      try (FileChannel channel = FileChannel.open(readSegment.path, StandardOpenOption.READ)) {
        ByteBuffer header = ByteBuffer.allocate(4);
        readFully(channel, header, readOffset);
        readOffset += HEADER_BYTES + header.getInt(0);
        readIndex++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private long readAcked() {
    Path file = dir.resolve(ACKED_FILE);
    if (!Files.exists(file)) {
      return -1;
    }
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return text.isEmpty() ? -1 : Long.parseLong(text);
    } catch (IOException | NumberFormatException e) {
      // Resending is better than skipping: a consumer recognises a replay by its event id.
      events.corrupt(file, "unreadable acknowledged position (" + e.getMessage() + "); resending all");
      return -1;
    }
  }

  private void writeAcked(long sequence) {
    // Fixed width, written in place: no temp file and rename per acknowledgement.
    byte[] text = String.format("%020d\n", sequence).getBytes(StandardCharsets.US_ASCII);
    try {
      ByteBuffer buffer = ByteBuffer.wrap(text);
      long position = 0;
      while (buffer.hasRemaining()) {
        position += ackedChannel.write(buffer, position);
      }
    } catch (IOException e) {
      // The sample is in Kafka; at worst a restart resends it, and consumers recognise the id.
      events.corrupt(dir.resolve(ACKED_FILE), "cannot record acknowledgement: " + e.getMessage());
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("file ends at byte " + at);
      }
      at += n;
    }
  }

  private static int crc(long sequence, byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(8).putLong(0, sequence));
    crc.update(payload);
    return (int) crc.getValue();
  }

  private static final class CorruptRecord extends Exception {
    CorruptRecord(String message) {
      super(message);
    }
  }

  private static final class Segment {
    final long firstSequence;
    final Path path;
    long bytes;
    long entries;
    long lastSequence = Long.MIN_VALUE;

    Segment(long firstSequence, Path path) {
      this.firstSequence = firstSequence;
      this.path = path;
    }
  }
}
