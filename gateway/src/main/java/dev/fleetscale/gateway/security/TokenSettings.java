package dev.fleetscale.gateway.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Where the API tokens come from ({@code fleetscale.gateway.*}); both sources are read, the
 * environment's entries after the file's.
 *
 * @param tokenFile a YAML file with {@code tokens: [{name, role, sha256}, …]}
 *     ({@code FLEETSCALE_GATEWAY_TOKEN_FILE})
 * @param tokens entries {@code name:role:sha256} separated by commas or white space
 *     ({@code FLEETSCALE_GATEWAY_TOKENS})
 */
@ConfigurationProperties("fleetscale.gateway")
public record TokenSettings(@Nullable String tokenFile, @Nullable String tokens) {}
