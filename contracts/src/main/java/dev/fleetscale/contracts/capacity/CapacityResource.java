package dev.fleetscale.contracts.capacity;

/** A resource whose capacity is forecast; the name says the unit of every amount about it. */
public enum CapacityResource {
  GPU_COUNT,
  GPU_MEMORY_BYTES,
  SSD_CAPACITY_BYTES,
  SSD_BANDWIDTH_BYTES_PER_SECOND,
  NIC_BANDWIDTH_BITS_PER_SECOND
}
