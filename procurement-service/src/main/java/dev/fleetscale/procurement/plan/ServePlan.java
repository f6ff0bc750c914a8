package dev.fleetscale.procurement.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * A model to serve: its weights, its KV cache for the concurrent sequences at full context, and
 * the decode rate and per-token latency it must reach. Sized as one tensor-parallel group whose
 * GPUs together hold weights and cache and read them once per decode step.
 *
 * @param parameters model parameters
 * @param precision format of the weights (and of the KV cache)
 * @param layers transformer layers
 * @param kvHeads key/value heads (the query heads for multi-head attention, fewer with GQA)
 * @param headDim dimension of one head
 * @param contextTokens context length per sequence, tokens
 * @param concurrentSequences sequences decoded at once
 * @param tokensPerSecond generated tokens per second over all sequences
 * @param latencyMsPerToken the longest a decode step (one token of every sequence) may take, ms
 * @param usableMemoryFraction share of GPU memory weights and cache may use; default 0.9
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
public record ServePlan(
    @NotNull @Positive @DecimalMax("1e15") Double parameters,
    @NotNull Precision precision,
    @NotNull @Positive @Max(100_000) Integer layers,
    @NotNull @Positive @Max(100_000) Integer kvHeads,
    @NotNull @Positive @Max(100_000) Integer headDim,
    @NotNull @Positive @Max(100_000_000) Integer contextTokens,
    @NotNull @Positive @Max(100_000_000) Integer concurrentSequences,
    @NotNull @Positive @DecimalMax("1e12") Double tokensPerSecond,
    @NotNull @Positive @DecimalMax("1e7") Double latencyMsPerToken,
    @Nullable @Positive @DecimalMax("1") Double usableMemoryFraction) {

  double usableOrDefault() {
    return usableMemoryFraction == null ? 0.9 : usableMemoryFraction;
  }
}
