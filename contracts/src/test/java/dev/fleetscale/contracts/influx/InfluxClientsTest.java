package dev.fleetscale.contracts.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.influxdb.client.InfluxDBClientOptions;
import org.junit.jupiter.api.Test;

class InfluxClientsTest {

  @Test
  void anEmptyOrBlankTokenMeansNoAuthentication() {
    // The client's AuthenticateInterceptor adds an Authorization header only for an auth scheme.
    for (char[] none : new char[][] {null, new char[0], "  ".toCharArray()}) {
      InfluxDBClientOptions options = InfluxClients.options("http://127.0.0.1:8086", none, "o", "b");
      assertThat(options.getAuthScheme()).isNull();
      assertThat(options.getToken()).isNull();
    }
  }

  @Test
  void aTokenIsSentAsATokenAndCopied() {
    char[] token = "s3cret".toCharArray();
    InfluxDBClientOptions options = InfluxClients.options("http://127.0.0.1:8086", token, "o", "b");
    java.util.Arrays.fill(token, 'x');

    assertThat(options.getAuthScheme()).isEqualTo(InfluxDBClientOptions.AuthScheme.TOKEN);
    assertThat(options.getToken()).containsExactly("s3cret".toCharArray());
    assertThat(options.getOrg()).isEqualTo("o");
    assertThat(options.getBucket()).isEqualTo("b");
  }

  @Test
  void aUrlThatIsNotHttpIsRejectedByName() {
    assertThatThrownBy(() -> InfluxClients.options("127.0.0.1:8086", null, "o", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("influx url: must be an http(s) URL, was 127.0.0.1:8086");
  }
}
