package dev.fleetscale.agent.spool;

/**
 * One spooled sample.
 *
 * @param sequence the sample's per-host sequence number
 * @param payload the encoded sample (the Kafka record value); the caller must not modify it
 */
public record SpoolEntry(long sequence, byte[] payload) {}
