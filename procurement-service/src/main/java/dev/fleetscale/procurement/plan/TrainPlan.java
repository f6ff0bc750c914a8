package dev.fleetscale.procurement.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.LocalDate;

/**
 * A training run to size: a dense transformer of {@code parameters} trained on {@code tokens},
 * to finish by {@code deadline} on hardware in service from the plan's {@code needed_by}.
 *
 * @param parameters N, model parameters
 * @param tokens D, training tokens
 * @param precision BF16 or FP8 matrix maths (the GPU's dense peak in that format)
 * @param deadline the date training must end
 * @param mfu model FLOPs utilisation, 0-1; default {@value PlanCalculator#DEFAULT_MFU}
 * @param bytesPerParameter bytes of weights, gradients and optimizer state per parameter; default
 *     16 (mixed-precision Adam: bf16 weights and gradients, fp32 master weights, two fp32 moments)
 * @param shards GPUs the weights, gradients and optimizer state are sharded over (ZeRO-3 / FSDP
 *     degree); default 8
 * @param tensorParallel GPUs one layer is split over, which must share an NVLink domain; default 8
 * @param batchTokens tokens per optimizer step (global batch); default 4,194,304 (4 M)
 * @param checkpointsKept full checkpoints kept on SSD; default 2
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
public record TrainPlan(
    @NotNull @Positive @DecimalMax("1e15") Double parameters,
    @NotNull @Positive @DecimalMax("1e18") Double tokens,
    @NotNull Precision precision,
    @NotNull LocalDate deadline,
    @Nullable @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double mfu,
    @Nullable @Positive @DecimalMax("1000") Double bytesPerParameter,
    @Nullable @Positive @Max(1_000_000) Integer shards,
    @Nullable @Positive @Max(1024) Integer tensorParallel,
    @Nullable @Positive @DecimalMax("1e12") Double batchTokens,
    @Nullable @Positive @Max(1000) Integer checkpointsKept) {

  double mfuOrDefault() {
    return mfu == null ? PlanCalculator.DEFAULT_MFU : mfu;
  }

  double bytesPerParameterOrDefault() {
    return bytesPerParameter == null ? 16 : bytesPerParameter;
  }

  int shardsOrDefault() {
    return shards == null ? 8 : shards;
  }

  int tensorParallelOrDefault() {
    return tensorParallel == null ? 8 : tensorParallel;
  }

  double batchTokensOrDefault() {
    return batchTokens == null ? 4_194_304 : batchTokens;
  }

  int checkpointsKeptOrDefault() {
    return checkpointsKept == null ? 2 : checkpointsKept;
  }
}
