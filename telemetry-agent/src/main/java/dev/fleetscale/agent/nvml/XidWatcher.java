package dev.fleetscale.agent.nvml;

import dev.fleetscale.contracts.telemetry.XidEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits for XID events on its own daemon thread ({@code nvmlEventSetWait_v2} blocks) and keeps them per
 * device until the next sample {@link #drain drains} them. Stopping takes up to one wait timeout.
 */
final class XidWatcher {

  private static final System.Logger LOG = System.getLogger(XidWatcher.class.getName());

  /** How long one native wait blocks; bounds how long {@link #stop} takes. */
  static final int WAIT_MILLIS = 250;

  /** Pause after an unexpected error, so that a failing wait does not spin a core. */
  private static final long ERROR_PAUSE_MILLIS = 1_000;

  private final NvmlCalls calls;
  private final Clock clock;
  private final Consumer<NvmlResult<?>> failures;
  private final Map<Integer, Queue<XidEvent>> pending = new ConcurrentHashMap<>();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Thread thread;

  XidWatcher(NvmlCalls calls, Clock clock, Consumer<NvmlResult<?>> failures) {
    this.calls = calls;
    this.clock = clock;
    this.failures = failures;
    this.thread = new Thread(this::run, "nvml-xid-waiter");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Stops waiting; returns false if the native wait did not return in time (the event set must then be kept). */
  boolean stop() {
    stopping.countDown();
    try {
      thread.join(WAIT_MILLIS * 4L + ERROR_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /** The XIDs device {@code index} raised since the last drain, oldest first. */
  List<XidEvent> drain(int index) {
    Queue<XidEvent> queue = pending.get(index);
    List<XidEvent> out = new ArrayList<>();
    if (queue != null) {
      for (XidEvent e; (e = queue.poll()) != null; ) {
        out.add(e);
      }
    }
    return out;
  }

  private void run() {
    while (stopping.getCount() > 0) {
      NvmlResult<NvmlCalls.XidNotice> result = calls.waitXid(WAIT_MILLIS);
      if (result.ok()) {
        NvmlCalls.XidNotice notice = result.value();
        pending.computeIfAbsent(notice.deviceIndex(), i -> new ConcurrentLinkedQueue<>())
            .add(new XidEvent(notice.xid(), clock.instant()));
      } else if (result.code() != Nvml.NVML_ERROR_TIMEOUT) {
        failures.accept(result);
        LOG.log(System.Logger.Level.DEBUG, () -> "nvmlEventSetWait_v2 failed: " + NvmlErrors.name(result.code()));
        pauseAfterError();
      }
    }
  }

  private void pauseAfterError() {
    try {
      stopping.await(ERROR_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping.countDown();
    }
  }
}
