package dev.fleetscale.optimizer.pool;

/**
 * Demand and capacity of one resource in one pool window, both in the unit the resource's name
 * gives ({@link dev.fleetscale.contracts.capacity.CapacityResource}).
 *
 * @param demand what the pool used: the window's peak
 * @param capacity what the pool has; 0 if it has none of the resource (nothing to forecast)
 */
public record ResourceUse(double demand, double capacity) {}
