package dev.fleetscale.testkit.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.DBRPCreate;
import com.influxdb.client.service.DbrPsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.testcontainers.containers.InfluxDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers variant: a real InfluxDB 2.x, used only where Docker exists and {@code
 * -Dfleetscale.testkit.docker=true}. 2.x answers InfluxQL only for buckets with a DBRP mapping, so
 * {@link #createDatabase} makes the bucket and its mapping.
 */
final class InfluxContainer implements InfluxServer {

  static final String IMAGE = "influxdb:2.7";

  private final InfluxDBContainer<?> container;
  private final String org;
  private final char[] token;

  InfluxContainer(String org, String bucket, char[] token) {
    this.org = org;
    this.token = token.clone();
    container =
        new InfluxDBContainer<>(DockerImageName.parse(IMAGE))
            .withOrganization(org)
            .withBucket(bucket)
            .withAdminToken(new String(token));
    container.start();
    mapDatabase(bucket);
  }

  @Override
  public String url() {
    return container.getUrl();
  }

  @Override
  public void createDatabase(String name) {
    try (InfluxDBClient client = InfluxDBClientFactory.create(url(), token, org)) {
      if (client.getBucketsApi().findBucketByName(name) == null) {
        client.getBucketsApi().createBucket(name, client.getOrganizationsApi().findOrganizations()
            .stream().filter(o -> o.getName().equals(org)).findFirst().orElseThrow());
      }
    }
    mapDatabase(name);
  }

  private void mapDatabase(String name) {
    try (InfluxDBClient client = InfluxDBClientFactory.create(url(), token, org)) {
      Bucket bucket = client.getBucketsApi().findBucketByName(name);
      DBRPCreate mapping =
          new DBRPCreate().bucketID(bucket.getId()).orgID(bucket.getOrgID()).database(name)
              .retentionPolicy("autogen")._default(true);
      client.getService(DbrPsService.class).postDBRP(mapping, null).execute();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map InfluxQL database " + name, e);
    }
  }

  @Override
  public void close() {
    container.stop();
  }
}
