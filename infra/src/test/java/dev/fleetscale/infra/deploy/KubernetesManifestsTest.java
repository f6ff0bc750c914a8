package dev.fleetscale.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of every service, parsed with the fabric8 model: probes on the
 * services' /health routes, the ports the services listen on, resource requests sized from the
 * measured figures, secrets only as mounted files, and each workload starting the start script
 * its module's distribution ships.
 */
class KubernetesManifestsTest {

  /** Per workload: port, readiness and liveness paths, CPU and memory requests. */
  private record Expected(int port, String ready, String live, String cpu, String memory) {}

  private static final Map<String, Expected> EXPECTED = Map.of(
      // Agent: ≤ 1 % of a core and ≤ 96 MiB RSS, measured (docs/benchmarks-agent.md).
      "fleetscale-agent", new Expected(9400, "/health/ready", "/health/live", "20m", "96Mi"),
      // Optimizer: 143 ms CPU per 1,000 samples (docs/benchmarks-optimizer.md): 500m ≈ 3,500 hosts.
      "fleetscale-optimizer", new Expected(9402, "/health/ready", "/health/live", "500m", "1280Mi"),
      "fleetscale-procurement", new Expected(8083, "/health/readiness", "/health/liveness", "250m", "768Mi"),
      "fleetscale-gateway", new Expected(8080, "/health/readiness", "/health/liveness", "100m", "384Mi"));

  /** The distribution each workload's command comes from (module, script). */
  private static final Map<String, Path> SCRIPTS = Map.of(
      "fleetscale-agent", Path.of("../telemetry-agent/src/main/dist/bin/fleetscale-agent"),
      "fleetscale-optimizer", Path.of("../optimizer-service/src/main/dist/bin/fleetscale-optimizer"),
      "fleetscale-procurement", Path.of("../procurement-service/src/main/dist/bin/fleetscale-procurement"),
      "fleetscale-gateway", Path.of("../gateway/src/main/dist/bin/fleetscale-gateway"));

  private static List<HasMetadata> all;
  private static Map<String, PodSpec> pods;

  @BeforeAll
  static void load() {
    all = Manifests.load();
    pods = new LinkedHashMap<>();
    Manifests.of(all, Deployment.class).forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
    Manifests.of(all, DaemonSet.class).forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
  }

  @Test
  void everyServiceHasAWorkload() {
    assertThat(pods.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    assertThat(Manifests.of(all, DaemonSet.class)).extracting(d -> d.getMetadata().getName())
        .containsExactly("fleetscale-agent");
    assertThat(all).allSatisfy(o -> {
      if (!(o instanceof io.fabric8.kubernetes.api.model.Namespace)) {
        assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName())
            .isEqualTo("fleetscale");
      }
    });
  }

  @Test
  void probesAskHealthOnTheServedPort() {
    pods.forEach((name, pod) -> {
      Expected want = EXPECTED.get(name);
      Container c = pod.getContainers().get(0);
      assertThat(c.getPorts()).as(name).extracting(ContainerPort::getContainerPort).contains(want.port());
      assertHealthProbe(name + " readiness", c.getReadinessProbe(), want.ready(), c);
      assertHealthProbe(name + " liveness", c.getLivenessProbe(), want.live(), c);
      if (c.getStartupProbe() != null) {
        assertHealthProbe(name + " startup", c.getStartupProbe(), want.live(), c);
      }
    });
  }

  private static void assertHealthProbe(String what, Probe probe, String path, Container c) {
    assertThat(probe).as(what).isNotNull();
    assertThat(probe.getHttpGet()).as(what + " httpGet").isNotNull();
    assertThat(probe.getHttpGet().getPath()).as(what + " path").isEqualTo(path);
    String port = probe.getHttpGet().getPort().getStrVal();
    assertThat(c.getPorts()).as(what + " port '" + port + "' is a named container port")
        .extracting(ContainerPort::getName).contains(port);
  }

  @Test
  void resourceRequestsAreTheMeasuredSizes() {
    pods.forEach((name, pod) -> {
      Expected want = EXPECTED.get(name);
      var resources = pod.getContainers().get(0).getResources();
      assertThat(resources.getRequests()).as(name + " requests").containsEntry("cpu", new Quantity(want.cpu()))
          .containsEntry("memory", new Quantity(want.memory()));
      Quantity limit = resources.getLimits().get("memory");
      assertThat(limit).as(name + " memory limit").isNotNull();
      assertThat(limit.getNumericalAmount()).as(name + " memory limit >= request")
          .isGreaterThanOrEqualTo(new Quantity(want.memory()).getNumericalAmount());
    });
  }

  @Test
  void servicesSelectTheirPodsOnTheServedPort() {
    List<Service> services = Manifests.of(all, Service.class);
    assertThat(services).extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("fleetscale-optimizer", "fleetscale-procurement", "fleetscale-gateway");
    for (Service s : services) {
      String name = s.getMetadata().getName();
      Deployment d = Manifests.of(all, Deployment.class).stream()
          .filter(x -> x.getMetadata().getName().equals(name)).findFirst().orElseThrow();
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as(name + " pod labels")
          .containsAllEntriesOf(s.getSpec().getSelector());
      assertThat(s.getSpec().getPorts()).as(name).singleElement().satisfies(p -> {
        assertThat(p.getPort()).isEqualTo(EXPECTED.get(name).port());
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
            .extracting(ContainerPort::getName).contains(p.getTargetPort().getStrVal());
      });
    }
  }

  /**
   * Secrets reach a service only as files of a mounted Secret named by a {@code *_FILE} variable
   * (or FLEETSCALE_KAFKA_PROPERTIES_FILE): no variable carries a literal token or password, every
   * such path lies under a Secret mount, and every Secret volume is required.
   */
  @Test
  void secretsAreMountedFilesNamedByFileVariables() {
    Set<String> referenced = new java.util.TreeSet<>();
    pods.forEach((name, pod) -> {
      Container c = pod.getContainers().get(0);
      Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
      for (EnvVar env : c.getEnv()) {
        assertThat(env.getName()).as(name + " " + env.getName() + " carries no secret value")
            .doesNotEndWith("_TOKEN").doesNotEndWith("_PASSWORD").doesNotEndWith("_TOKENS")
            .isNotEqualTo("FLEETSCALE_KAFKA_PROPERTIES");
        if (env.getName().endsWith("_FILE") && env.getValue().startsWith("/etc/fleetscale/secrets/")) {
          VolumeMount mount = c.getVolumeMounts().stream()
              .filter(m -> env.getValue().startsWith(m.getMountPath() + "/"))
              // The deepest mount holds the path, as in the container.
              .max(java.util.Comparator.comparingInt(m -> m.getMountPath().length()))
              .orElseThrow(() -> new AssertionError(name + " " + env.getName() + " = " + env.getValue()
                  + " is under no volume mount"));
          Volume volume = volumes.get(mount.getName());
          assertThat(volume.getSecret()).as(name + " " + env.getName() + " volume is a Secret").isNotNull();
          assertThat(volume.getSecret().getOptional()).as(name + " " + volume.getName() + " required").isFalse();
          assertThat(mount.getReadOnly()).as(name + " " + mount.getName() + " read-only").isTrue();
          referenced.add(volume.getSecret().getSecretName());
        }
      }
      List<String> envNames = c.getEnv().stream().map(EnvVar::getName).toList();
      if (name.equals("fleetscale-gateway")) {
        assertThat(envNames).as(name).contains("FLEETSCALE_GATEWAY_TOKEN_FILE", "FLEETSCALE_INFLUX_TOKEN_FILE");
      } else if (name.equals("fleetscale-agent")) {
        assertThat(envNames).as(name).contains("FLEETSCALE_KAFKA_PROPERTIES_FILE");
      } else {
        assertThat(envNames).as(name).contains("FLEETSCALE_KAFKA_PROPERTIES_FILE", "FLEETSCALE_INFLUX_TOKEN_FILE");
      }
    });
    assertThat(referenced).containsExactlyInAnyOrder("fleetscale-influx", "fleetscale-kafka-agent",
        "fleetscale-kafka-optimizer", "fleetscale-kafka-procurement", "fleetscale-gateway-tokens");
    // The template declares no secret value: its one Secret is an empty placeholder.
    assertThat(Manifests.of(all, Secret.class)).allSatisfy(s ->
        assertThat(s.getStringData().values()).allSatisfy(v -> assertThat(v).isEmpty()));
  }

  @Test
  void eachWorkloadStartsItsDistributionsScriptWithItsConfigMap() {
    Map<String, ConfigMap> configMaps = Manifests.of(all, ConfigMap.class).stream()
        .collect(Collectors.toMap(m -> m.getMetadata().getName(), m -> m));
    pods.forEach((name, pod) -> {
      Container c = pod.getContainers().get(0);
      Path script = SCRIPTS.get(name);
      assertThat(script).as(name + " start script in its module").isRegularFile();
      assertThat(Files.isExecutable(script)).as(script + " executable").isTrue();
      assertThat(c.getCommand().get(0)).as(name + " command")
          .isEqualTo("/opt/" + name + "/bin/" + script.getFileName());
      String configFile = c.getCommand().get(1);
      ConfigMap config = configMaps.get(name);
      assertThat(config).as(name + " ConfigMap").isNotNull();
      String key = Path.of(configFile).getFileName().toString();
      assertThat(config.getData()).as(name + " ConfigMap holds " + key).containsKey(key);
      assertThat(c.getVolumeMounts()).as(name + " mounts its ConfigMap at " + configFile)
          .anySatisfy(m -> assertThat(configFile).startsWith(m.getMountPath()));
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(name + " read-only root").isTrue();
    });
  }
}
