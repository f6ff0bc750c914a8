# Fleetscale gateway image. Not built by this repository (no registry is reachable from its build
# machine); build and push it yourself, from the repository root after
# `mvn -B -pl gateway -am package -DskipTests`:
#
#   docker build -f infra/docker/gateway.Dockerfile -t <your registry>/fleetscale-gateway:0.1.0 .
#
# The image holds the distribution (bin/, config/, lib/) in /opt/fleetscale-gateway and runs as an
# unprivileged user; configuration and secrets are mounted (infra/k8s/gateway.yaml, docker-compose.yaml).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fleetscale && useradd --system --uid 10001 --gid fleetscale --no-create-home fleetscale
COPY gateway/target/gateway-0.1.0-SNAPSHOT-dist/gateway/ /opt/fleetscale-gateway/
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["/opt/fleetscale-gateway/bin/fleetscale-gateway"]
