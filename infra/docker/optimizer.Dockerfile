# Fleetscale optimizer image. Not built by this repository (no registry is reachable from its build
# machine); build and push it yourself, from the repository root after
# `mvn -B -pl optimizer-service -am package -DskipTests`:
#
#   docker build -f infra/docker/optimizer.Dockerfile -t <your registry>/fleetscale-optimizer:0.1.0 .
#
# The image holds the distribution (bin/, config/, lib/) in /opt/fleetscale-optimizer and runs as an
# unprivileged user; configuration and secrets are mounted (infra/k8s/optimizer.yaml, docker-compose.yaml).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fleetscale && useradd --system --uid 10001 --gid fleetscale --no-create-home fleetscale
COPY optimizer-service/target/optimizer-service-0.1.0-SNAPSHOT-dist/optimizer-service/ /opt/fleetscale-optimizer/
USER 10001:10001
EXPOSE 9402
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/9402"]
ENTRYPOINT ["/opt/fleetscale-optimizer/bin/fleetscale-optimizer"]
