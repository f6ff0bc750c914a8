package dev.fleetscale.agent.network;

import dev.fleetscale.contracts.telemetry.NicKind;

/**
 * Cumulative counters of one interface or InfiniBand port at one reading. Byte and packet counts
 * are unsigned; error and drop counts are null where the source has no such counter.
 *
 * @param kind link layer
 * @param rxBytes bytes received
 * @param txBytes bytes transmitted
 * @param rxPackets packets received
 * @param txPackets packets transmitted
 * @param rxErrors receive errors; null if not counted
 * @param txErrors transmit errors; null if not counted
 * @param rxDrops dropped received packets; null if not counted
 * @param txDrops dropped transmitted packets; null if not counted
 * @param linkSpeedMbps negotiated speed, Mbit/s; null while the link is down or unknown
 */
record NicCounters(
    NicKind kind,
    long rxBytes,
    long txBytes,
    long rxPackets,
    long txPackets,
    Long rxErrors,
    Long txErrors,
    Long rxDrops,
    Long txDrops,
    Long linkSpeedMbps) {}
