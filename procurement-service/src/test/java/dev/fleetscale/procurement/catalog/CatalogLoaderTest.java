package dev.fleetscale.procurement.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CatalogLoaderTest {

  private final CatalogLoader loader = new CatalogLoader();

  private static final String VALID =
      """
      description: test
      servers:
        - {sku: a, gpu_model: H100, gpus_per_server: 8, gpu_memory_gb: 80, bf16_tflops: 989,
           power_kw: 10, rack_units: 8, capex_usd: 100000, lead_time_days: 30}
      ssds:
        - {sku: s, capacity_tb: 7.68, read_gb_per_s: 7, write_gb_per_s: 4, lease_usd_per_hour: 1,
           lead_time_days: 3}
      networks:
        - {sku: n, ports: 32, gbps_per_port: 400, capex_usd: 5000, lease_usd_per_hour: 2,
           lead_time_days: 7}
      cloud:
        - {sku: c, gpu_model: H100, gpu_memory_gb: 80, bf16_tflops: 989, usd_per_gpu_hour: 4}
      sites:
        - {pool: train, power_budget_kw: 100, rack_units_free: 40, budget_ceiling_usd: 1000000}
      """;

  @Test
  void defaultCatalogLoadsAndSaysItsFiguresAreExamples() {
    HardwareCatalog catalog = loader.loadDefault();

    assertThat(catalog.description()).containsIgnoringCase("example");
    assertThat(catalog.servers()).isNotEmpty().allMatch(s -> s.sku().startsWith("example-"));
    assertThat(catalog.siteFor("any-pool")).isPresent();
  }

  @Test
  void readsEveryFieldWithItsUnit() {
    HardwareCatalog catalog = loader.parse(VALID);

    GpuServer server = catalog.servers().get(0);
    assertThat(server.gpusPerServer()).isEqualTo(8);
    assertThat(server.pricing().capexUsd()).isEqualTo(100000.0);
    assertThat(server.pricing().leasable()).isFalse();
    assertThat(catalog.ssds().get(0).powerKw()).isZero();
    assertThat(catalog.networks().get(0).gbps()).isEqualTo(12800.0);
    assertThat(catalog.cloud().get(0).provider()).isEqualTo("cloud");
    assertThat(catalog.siteFor("train").orElseThrow().rackUnitsFree()).isEqualTo(40);
    assertThat(catalog.siteFor("other")).isEmpty();
  }

  @Test
  void namesTheBadFieldByPath() {
    String bad = VALID.replace("gpus_per_server: 8", "gpus_per_server: 0");

    assertThatThrownBy(() -> loader.parse(bad))
        .isInstanceOf(CatalogValidationException.class)
        .hasMessageContaining("servers[0].gpus_per_server: must be > 0");
  }

  @Test
  void reportsEveryProblemNotOnlyTheFirst() {
    String bad =
        VALID
            .replace("capacity_tb: 7.68", "capacity_tb: lots")
            .replace("rack_units_free: 40", "rack_units_free: -1")
            .replace("usd_per_gpu_hour: 4", "usd_per_gpu_hour: 0");

    assertThatThrownBy(() -> loader.parse(bad))
        .isInstanceOfSatisfying(
            CatalogValidationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "ssds[0].capacity_tb: must be a number, got 'lots'",
                        "sites[0].rack_units_free: must be >= 0",
                        "cloud[0].usd_per_gpu_hour: must be > 0"));
  }

  @Test
  void aUnitWithoutAnyPriceIsRejected() {
    String bad = VALID.replace("capex_usd: 100000, ", "");

    assertThatThrownBy(() -> loader.parse(bad))
        .hasMessageContaining("servers[0]: needs capex_usd or lease_usd_per_hour");
  }

  @Test
  void duplicateSkusAndMissingSectionsAreRejected() {
    String dup = VALID.replace("sku: n,", "sku: s,").replace("sku: s,", "sku: s,");
    String twoServers =
        VALID.replace(
            "ssds:",
            """
              - {sku: a, gpu_model: L40S, gpus_per_server: 4, gpu_memory_gb: 48, bf16_tflops: 362,
                 power_kw: 3, rack_units: 2, lease_usd_per_hour: 5, lead_time_days: 10}
            ssds:""");

    assertThatThrownBy(() -> loader.parse(twoServers))
        .hasMessageContaining("servers[1].sku: duplicate value 'a'");
    assertThat(loader.parse(dup).networks().get(0).sku()).isEqualTo("s");
    assertThatThrownBy(() -> loader.parse("description: x"))
        .hasMessageContaining("servers: is required")
        .hasMessageContaining("sites: is required");
    assertThatThrownBy(() -> loader.parse("servers: [unclosed"))
        .hasMessageContaining("document: not valid YAML");
  }
}
