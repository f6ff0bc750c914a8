package dev.fleetscale.optimizer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.optimizer.rebalance.Goal;
import dev.fleetscale.optimizer.rebalance.GoalCatalog;
import dev.fleetscale.runtime.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner's goals and their order come from {@code rebalance.goals}. */
class RebalanceGoalsConfigTest {

  private static OptimizerConfig load(String yaml) throws Exception {
    Path file = Files.createTempFile("optimizer", ".yaml");
    try {
      Files.writeString(file, yaml);
      return OptimizerMain.load(file, Map.of());
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void theDefaultsNameEveryDefaultGoalInOrder() {
    OptimizerConfig config = OptimizerMain.load(null, Map.of());

    assertThat(config.goals().order()).isEqualTo(GoalCatalog.DEFAULT_ORDER);
    assertThat(config.goals().pointsPerHostFreed()).isZero();
  }

  @Test
  void goalsAreBuiltInTheOrderNamed() throws Exception {
    OptimizerConfig config = load("rebalance:\n  pointsPerHostFreed: 25\n  goals: [HealthyHostsGoal,"
        + " GpuCountGoal, HostCpuGoal, ConsolidationGoal, GpuUtilizationSpreadGoal,"
        + " FewestMovesGoal]\n");

    var goals = config.goals().catalog().goals(config.goals().order());

    assertThat(goals).extracting(Goal::name).containsExactly("HealthyHostsGoal", "GpuCountGoal",
        "HostCpuGoal", "ConsolidationGoal", "GpuUtilizationSpreadGoal", "FewestMovesGoal");
    assertThat(goals.get(3).weight()).isEqualTo(25.0);
  }

  @Test
  void anUnknownRepeatedOrMisplacedGoalIsRefusedNamingIt() {
    assertThatThrownBy(() -> load("rebalance:\n  goals: [GpuCountGoal, CheapestGoal]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rebalance.goals: unknown goal 'CheapestGoal'; known: ")
        .hasMessageContaining("ConsolidationGoal");
    assertThatThrownBy(() -> load("rebalance:\n  goals: [GpuCountGoal, GpuCountGoal]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GpuCountGoal is listed twice");
    assertThatThrownBy(() -> load("rebalance:\n  goals: [GpuUtilizationSpreadGoal, GangGoal]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("hard goal GangGoal is listed after a soft goal");
    assertThatThrownBy(() -> load("rebalance:\n  pointsPerHostFreed: -1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rebalance.pointsPerHostFreed: must be >= 0");
  }
}
