package dev.fleetscale.agent.spool;

import java.nio.file.Path;

/**
 * What the spool reports besides its contents: losses it had to accept. Implementations log and
 * count; they are called on the thread that caused the event and must not call back into the
 * spool.
 */
public interface SpoolEvents {

  /**
   * The oldest samples were dropped because the spool reached its size limit.
   *
   * @param samples how many unsent samples were dropped
   * @param firstSequence the first dropped sequence number
   * @param lastSequence the last dropped sequence number
   */
  void dropped(long samples, long firstSequence, long lastSequence);

  /**
   * A spool file could not be read as written: the readable part was kept and the rest skipped.
   *
   * @param file the file
   * @param reason what was wrong and where
   */
  void corrupt(Path file, String reason);

  /** Ignores everything (tests that do not care). */
  SpoolEvents NONE =
      new SpoolEvents() {
        @Override
        public void dropped(long samples, long firstSequence, long lastSequence) {}

        @Override
        public void corrupt(Path file, String reason) {}
      };
}
