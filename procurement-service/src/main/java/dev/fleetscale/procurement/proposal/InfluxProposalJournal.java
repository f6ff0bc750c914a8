package dev.fleetscale.procurement.proposal;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.influx.InfluxQl;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.serde.DecodeException;
import dev.fleetscale.contracts.serde.EventCodec;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.procurement.config.InfluxSettings;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proposals and demands as InfluxDB points, written through the v2 write API and read back with
 * InfluxQL. Two measurements, each with a fixed tag set and no name that is both tag and field:
 *
 * <ul>
 *   <li>{@value #PROPOSAL}: one point per status change. Tags {@code proposal_id}, {@code pool},
 *       {@code status}; fields {@code cost_per_hour}, {@code capex}, {@code tco} (currency units),
 *       {@code feasible}, {@code line_items}, {@code changed_by}, {@code note}, {@code
 *       proposal_json} (the {@code fleet.proposals.v1} document). Time: the status change.
 *   <li>{@value #DEMAND}: one point per demand received. Tags {@code demand_id}, {@code pool},
 *       {@code resource}; fields {@code shortfall} (the resource's unit), {@code needed_by},
 *       {@code demand_json}. Time: when the forecast raised it.
 * </ul>
 *
 * The same proposal state or demand always gives the same measurement, tags and timestamp, so
 * writing it twice stores one point. Writes are synchronous: a caller that returns has stored.
 * Thread-safe (the client is).
 */
@Singleton
@Requires(property = "fleetscale.influx.enabled", notEquals = "false")
public class InfluxProposalJournal implements ProposalJournal {

  public static final String PROPOSAL = "procurement_proposal";
  public static final String DEMAND = "procurement_demand";

  private static final Logger LOG = LoggerFactory.getLogger(InfluxProposalJournal.class);

  private final InfluxDBClient client;
  private final String bucket;
  private final String org;
  private final EventCodec<ProcurementProposal> proposals =
      EventCodec.of(EventType.PROCUREMENT_PROPOSAL);
  private final EventCodec<CapacityDemand> demandCodec = EventCodec.of(EventType.CAPACITY_DEMAND);

  public InfluxProposalJournal(InfluxDBClient client, InfluxSettings settings) {
    this.client = client;
    this.bucket = settings.bucket();
    this.org = settings.org();
  }

  @Override
  public void recordDemand(CapacityDemand d) {
    Point point = Point.measurement(DEMAND)
        .addTag("demand_id", d.demandId())
        .addTag("pool", d.pool())
        .addTag("resource", d.resource().name())
        .addField("shortfall", d.shortfall())
        .addField("needed_by", d.neededBy().toString())
        .addField("demand_json", new String(demandCodec.encode(d), StandardCharsets.UTF_8))
        .time(nanos(d.raisedAt()), WritePrecision.NS);
    client.getWriteApiBlocking().writePoint(bucket, org, point);
  }

  @Override
  public void recordProposal(ProcurementProposal p) {
    Point point = Point.measurement(PROPOSAL)
        .addTag("proposal_id", p.proposalId())
        .addTag("pool", p.pool())
        .addTag("status", p.status().name())
        .addField("cost_per_hour", p.costPerHour())
        .addField("capex", p.capex())
        .addField("tco", p.totalCostOfOwnership())
        .addField("feasible", p.infeasibility() == null)
        .addField("line_items", p.lineItems().size())
        .addField("changed_by", p.changedBy())
        .addField("note", p.statusNote() == null ? "" : p.statusNote())
        .addField("proposal_json", new String(proposals.encode(p), StandardCharsets.UTF_8))
        .time(nanos(p.statusChangedAt()), WritePrecision.NS);
    client.getWriteApiBlocking().writePoint(bucket, org, point);
  }

  @Override
  public List<ProcurementProposal> proposalStates() {
    List<ProcurementProposal> out = new ArrayList<>();
    for (String json : column("SELECT proposal_json FROM " + PROPOSAL, "proposal_json")) {
      try {
        out.add(proposals.decode(json.getBytes(StandardCharsets.UTF_8)));
      } catch (DecodeException e) {
        // Written by an incompatible version, or edited by hand: keep the rest.
        LOG.warn("skipping a stored proposal that does not decode: {}", e.reason());
      }
    }
    out.sort(Comparator.comparing(ProcurementProposal::statusChangedAt));
    return out;
  }

  @Override
  public List<CapacityDemand> demands() {
    List<CapacityDemand> out = new ArrayList<>();
    for (String json : column("SELECT demand_json FROM " + DEMAND, "demand_json")) {
      try {
        out.add(demandCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
      } catch (DecodeException e) {
        LOG.warn("skipping a stored demand that does not decode: {}", e.reason());
      }
    }
    return out;
  }

  private List<String> column(String influxql, String name) {
    List<String> values = new ArrayList<>();
    for (InfluxQl.Series s : InfluxQl.query(client, bucket, influxql)) {
      for (InfluxQl.Row row : s.rows()) {
        String value = row.text(name); // null for an empty cell or a series without the column
        if (value != null) {
          values.add(value);
        }
      }
    }
    return values;
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
