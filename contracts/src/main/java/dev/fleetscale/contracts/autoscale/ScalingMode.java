package dev.fleetscale.contracts.autoscale;

/** How a desired replica count was reached. */
public enum ScalingMode {
  /** From the observed metric against its target (HPA-style ratio). */
  REACTIVE,
  /** From a forecast of the metric ahead of the scale-up lead time. */
  PREDICTIVE
}
