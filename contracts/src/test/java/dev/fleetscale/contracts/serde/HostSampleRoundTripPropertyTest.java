package dev.fleetscale.contracts.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.telemetry.DiskSample;
import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.contracts.telemetry.NicKind;
import dev.fleetscale.contracts.telemetry.NicSample;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any HostSample, with any mix of absent fields, survives encode and decode unchanged. */
class HostSampleRoundTripPropertyTest {

  @Property(tries = 200)
  void roundTrips(@ForAll("samples") HostSample sample) throws DecodeException {
    EventCodec<HostSample> codec = EventCodec.of(HostSample.class);
    byte[] json = codec.encode(sample);
    assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("null");
    assertThat(codec.decode(json)).isEqualTo(sample);
  }

  private static Arbitrary<Double> percent() {
    return Arbitraries.doubles().between(0, 100).injectNull(0.3);
  }

  private static Arbitrary<Long> count() {
    return Arbitraries.longs().between(0, Long.MAX_VALUE).injectNull(0.3);
  }

  private static Arbitrary<Double> rate() {
    return Arbitraries.doubles().between(0, 1e12).injectNull(0.3);
  }

  @Provide
  Arbitrary<HostSample> samples() {
    Arbitrary<GpuSample> gpu = Builders.withBuilder(() -> new Object[31])
        .use(Arbitraries.integers().between(0, 15)).in((a, v) -> { a[0] = v; return a; })
        .use(count()).in((a, v) -> { a[7] = v; return a; })
        .use(percent()).in((a, v) -> { a[5] = v; return a; })
        .use(Arbitraries.integers().between(-40, 120).injectNull(0.3))
        .in((a, v) -> { a[13] = v; return a; })
        .use(Arbitraries.of(true, false).injectNull(0.3)).in((a, v) -> { a[28] = v; return a; })
        .use(Arbitraries.of(GpuHealth.class)).in((a, v) -> { a[4] = v; return a; })
        .build(a -> new GpuSample((Integer) a[0], "GPU-" + a[0], null, null, (GpuHealth) a[4],
            (Double) a[5], null, (Long) a[7], null, null, null, null, (Long) a[7],
            (Integer) a[13], null, null, null, null, null, null, null, null, null, null, null,
            (Long) a[7], null, null, (Boolean) a[28], a[28] == null ? null : List.of(), null));
    Arbitrary<DiskSample> disk = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)
        .flatMap(name -> rate().flatMap(r -> percent().map(p ->
            new DiskSample(name, r, r, null, r, p, null, p, null))));
    Arbitrary<NicSample> nic = Arbitraries.of(NicKind.class)
        .flatMap(kind -> count().flatMap(c -> rate().map(r ->
            new NicSample("if" + kind.ordinal(), kind, r, r, null, r, c, c, null, c, c, null))));
    return Arbitraries.longs().between(0, Long.MAX_VALUE).flatMap(seq ->
        gpu.list().ofMaxSize(8).flatMap(gpus ->
            disk.list().ofMaxSize(4).flatMap(disks ->
                nic.list().ofMaxSize(4).map(nics ->
                    new HostSample("host-" + (seq % 97), "c", "p", null, seq,
                        Instant.ofEpochSecond(1_700_000_000L + seq % 1_000_000, seq % 1_000_000_000),
                        5000, gpus, disks, List.of(), nics, null)))));
  }
}
