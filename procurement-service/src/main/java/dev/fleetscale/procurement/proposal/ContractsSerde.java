package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.procurement.Alternative;
import dev.fleetscale.contracts.procurement.Infeasibility;
import dev.fleetscale.contracts.procurement.LineItem;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * Lets the REST API return the contracts' proposal records as they are, so the API and the topic
 * show one shape (snake_case, from the records' Jackson annotations).
 */
@SerdeImport(ProcurementProposal.class)
@SerdeImport(LineItem.class)
@SerdeImport(Alternative.class)
@SerdeImport(Infeasibility.class)
final class ContractsSerde {
  private ContractsSerde() {}
}
