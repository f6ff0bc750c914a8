package dev.fleetscale.contracts.procurement;

/** What kind of thing a line item buys or rents. */
public enum HardwareCategory {
  COMPUTE,
  STORAGE,
  NETWORK,
  CLOUD_RENTAL
}
