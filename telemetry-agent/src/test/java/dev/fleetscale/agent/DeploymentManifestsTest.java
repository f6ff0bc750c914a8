package dev.fleetscale.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.agent.config.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The files in infra/ that start the agent stay in step with its configuration keys. */
class DeploymentManifestsTest {

  private static final Path INFRA = Path.of("..", "infra");

  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void theDaemonSetRunsOnGpuNodesOnlyWithReadOnlyHostTreesAndAValidAgentConfig() throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    new Yaml(new SafeConstructor(new LoaderOptions()))
        .loadAll(Files.readString(INFRA.resolve("k8s/agent-daemonset.yaml")))
        .forEach(d -> docs.add((Map<String, Object>) d));
    Map<String, Object> daemonSet = docs.stream().filter(d -> "DaemonSet".equals(d.get("kind"))).findFirst().orElseThrow();
    Map<String, Object> pod = path(daemonSet, "spec", "template", "spec");
    assertThat(pod.toString()).contains("key=nvidia.com/gpu.present");
    Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
    List<Map<String, Object>> mounts = (List<Map<String, Object>>) container.get("volumeMounts");
    for (String hostTree : List.of("/host/proc", "/host/sys", "/host/driver")) {
      assertThat(mounts).anySatisfy(m -> {
        assertThat(m.get("mountPath")).isEqualTo(hostTree);
        assertThat(m.get("readOnly")).isEqualTo(true);
      });
    }

    Map<String, Object> configMap = docs.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst().orElseThrow();
    Path agentYaml = Files.writeString(dir.resolve("agent.yaml"), (String) path(configMap, "data").get("agent.yaml"));
    AgentConfig config = AgentConfig.load(agentYaml, Map.of(), () -> "node-1");
    assertThat(config.kernel().proc()).isEqualTo(Path.of("/host/proc"));
    assertThat(config.mountsFile()).isEqualTo(Path.of("/host/proc/1/mounts"));
  }

  @Test
  void theSystemdUnitStartsTheScriptAndKeepsTheSpoolInItsStateDirectory() throws Exception {
    String unit = Files.readString(INFRA.resolve("systemd/fleetscale-agent.service"));
    assertThat(unit).contains("ExecStart=").contains("/opt/fleetscale-agent/bin/fleetscale-agent")
        .contains("StateDirectory=fleetscale-agent")
        .contains("FLEETSCALE_SPOOL_DIR=/var/lib/fleetscale-agent/spool")
        .contains("RestartPreventExitStatus=2");
    assertThat(Files.isExecutable(Path.of("src/main/dist/bin/fleetscale-agent"))).isTrue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> path(Map<String, Object> node, String... keys) {
    Map<String, Object> current = node;
    for (String key : keys) {
      current = (Map<String, Object>) current.get(key);
    }
    return current;
  }
}
