/** One configuration convention for the Vert.x services: YAML defaults, an operator file, FLEETSCALE_* environment. */
package dev.fleetscale.runtime.config;
