# Fleetscale telemetry agent image, for the DaemonSet (infra/k8s/agent-daemonset.yaml). Not built
# by this repository (no registry is reachable from its build machine); build and push it yourself,
# from the repository root after `mvn -B -pl telemetry-agent -am package -DskipTests`:
#
#   docker build -f infra/docker/agent.Dockerfile -t <your registry>/fleetscale-agent:0.1.0 .
#
# libnvidia-ml is not in the image: the DaemonSet mounts the node's driver folder and points
# FLEETSCALE_NVML_LIBRARY at it. The agent runs privileged there (NVML opens /dev/nvidia*).
FROM eclipse-temurin:17-jre
COPY telemetry-agent/target/telemetry-agent-0.1.0-SNAPSHOT-dist/fleetscale-agent/ /opt/fleetscale-agent/
EXPOSE 9400
ENTRYPOINT ["/opt/fleetscale-agent/bin/fleetscale-agent"]
