package dev.fleetscale.procurement.catalog;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;
import java.util.Optional;

/**
 * Everything the solver may buy, lease or rent, and the limits of each site. Immutable; the lists
 * are unmodifiable copies. Build one with {@link CatalogLoader}, which validates it.
 *
 * @param description free text, e.g. where the figures come from
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record HardwareCatalog(
    String description,
    List<GpuServer> servers,
    List<SsdOption> ssds,
    List<NetworkOption> networks,
    List<CloudGpuOffer> cloud,
    List<SiteConstraints> sites) {

  public HardwareCatalog {
    servers = List.copyOf(servers);
    ssds = List.copyOf(ssds);
    networks = List.copyOf(networks);
    cloud = List.copyOf(cloud);
    sites = List.copyOf(sites);
  }

  /** The site limits of a pool, else the {@code "*"} site, else empty. */
  public Optional<SiteConstraints> siteFor(String pool) {
    return sites.stream()
        .filter(s -> s.pool().equals(pool))
        .findFirst()
        .or(() -> sites.stream().filter(s -> s.pool().equals(SiteConstraints.ANY_POOL)).findFirst());
  }
}
