package dev.fleetscale.procurement.solver;

/** A site limit the purchase must stay within; the id names it in reports. */
public enum Limit {
  POWER("rack_power_kw", "kW"),
  RACK_SPACE("rack_units", "U"),
  BUDGET("budget_capex_usd", "USD"),
  LEAD_TIME("lead_time_days", "days");

  private final String id;
  private final String unit;

  Limit(String id, String unit) {
    this.id = id;
    this.unit = unit;
  }

  public String id() {
    return id;
  }

  public String unit() {
    return unit;
  }
}
