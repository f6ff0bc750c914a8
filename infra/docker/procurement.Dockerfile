# Fleetscale procurement image. Not built by this repository (no registry is reachable from its build
# machine); build and push it yourself, from the repository root after
# `mvn -B -pl procurement-service -am package -DskipTests`:
#
#   docker build -f infra/docker/procurement.Dockerfile -t <your registry>/fleetscale-procurement:0.1.0 .
#
# The image holds the distribution (bin/, config/, lib/) in /opt/fleetscale-procurement and runs as an
# unprivileged user; configuration and secrets are mounted (infra/k8s/procurement.yaml, docker-compose.yaml).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fleetscale && useradd --system --uid 10001 --gid fleetscale --no-create-home fleetscale
COPY procurement-service/target/procurement-service-0.1.0-SNAPSHOT-dist/procurement-service/ /opt/fleetscale-procurement/
USER 10001:10001
EXPOSE 8083
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8083"]
ENTRYPOINT ["/opt/fleetscale-procurement/bin/fleetscale-procurement"]
