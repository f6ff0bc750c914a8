package dev.fleetscale.testkit.kafka;

import static dev.fleetscale.testkit.kafka.KafkaSecurity.allow;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import dev.fleetscale.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;

/**
 * Least-privilege ACLs for Fleetscale's principals, the same table docs/operations.md gives
 * operators (as kafka-acls commands):
 *
 * <ul>
 *   <li>{@code agent}: writes {@code fleet.telemetry.v1}, nothing else;
 *   <li>{@code optimizer}: reads telemetry, reads and writes its internal topic, writes the decision
 *       topics and the dead-letter topic, in its consumer groups and with its transactional ids;
 *   <li>{@code procurement}: reads capacity demands, writes proposals and dead letters;
 *   <li>{@code reader} (an outside consumer): reads the decision and proposal topics, in groups
 *       whose names start with {@code reader-}, and writes nothing.
 * </ul>
 */
public final class FleetscaleAcls {

  public static final String AGENT = "agent";
  public static final String OPTIMIZER = "optimizer";
  public static final String PROCUREMENT = "procurement";
  public static final String READER = "reader";
  public static final String OPTIMIZER_INTERNAL_TOPIC = "fleet.optimizer.pool-summaries.v1";

  private FleetscaleAcls() {}

  public static List<AclBinding> all() {
    List<AclBinding> acls = new ArrayList<>();
    acls.add(allow(AGENT, TOPIC, Topics.TELEMETRY, WRITE));
    acls.add(allow(AGENT, TOPIC, Topics.TELEMETRY, DESCRIBE));

    for (String topic : List.of(Topics.TELEMETRY, OPTIMIZER_INTERNAL_TOPIC)) {
      acls.add(allow(OPTIMIZER, TOPIC, topic, READ));
      acls.add(allow(OPTIMIZER, TOPIC, topic, DESCRIBE));
    }
    for (String topic : List.of(OPTIMIZER_INTERNAL_TOPIC, Topics.AUTOSCALE, Topics.REBALANCE,
        Topics.CAPACITY_DEMAND, Topics.DEADLETTER)) {
      acls.add(allow(OPTIMIZER, TOPIC, topic, WRITE));
      acls.add(allow(OPTIMIZER, TOPIC, topic, DESCRIBE));
    }
    acls.add(prefixed(OPTIMIZER, GROUP, "fleetscale-optimizer", READ));
    acls.add(prefixed(OPTIMIZER, TRANSACTIONAL_ID, "fleetscale-optimizer", WRITE));
    acls.add(prefixed(OPTIMIZER, TRANSACTIONAL_ID, "fleetscale-optimizer", DESCRIBE));

    acls.add(allow(PROCUREMENT, TOPIC, Topics.CAPACITY_DEMAND, READ));
    acls.add(allow(PROCUREMENT, TOPIC, Topics.CAPACITY_DEMAND, DESCRIBE));
    for (String topic : List.of(Topics.PROPOSALS, Topics.DEADLETTER)) {
      acls.add(allow(PROCUREMENT, TOPIC, topic, WRITE));
      acls.add(allow(PROCUREMENT, TOPIC, topic, DESCRIBE));
    }
    acls.add(allow(PROCUREMENT, GROUP, "procurement-service", READ));

    for (String topic : List.of(Topics.AUTOSCALE, Topics.REBALANCE, Topics.CAPACITY_DEMAND, Topics.PROPOSALS)) {
      acls.add(allow(READER, TOPIC, topic, READ));
      acls.add(allow(READER, TOPIC, topic, DESCRIBE));
    }
    acls.add(prefixed(READER, GROUP, "reader-", READ));
    return acls;
  }

  private static AclBinding prefixed(String user, org.apache.kafka.common.resource.ResourceType type,
      String prefix, org.apache.kafka.common.acl.AclOperation operation) {
    return new AclBinding(new ResourcePattern(type, prefix, PatternType.PREFIXED),
        new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }
}
