package dev.fleetscale.procurement.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import com.influxdb.exceptions.BadGatewayException;
import com.influxdb.exceptions.BadRequestException;
import com.influxdb.exceptions.InfluxException;
import dev.fleetscale.contracts.serde.DecodeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import retrofit2.Response;

class RetriableTest {

  private static Response<?> answer(int status) {
    return Response.error(status, ResponseBody.create("{\"message\":\"x\"}",
        MediaType.get("application/json")));
  }

  @Test
  void outagesAreRetriedWhereverTheyAreInTheCauseChain() {
    // InfluxDB unreachable: the client wraps the IOException.
    assertThat(Retriable.isRetriable(new InfluxException(new ConnectException("refused"))))
        .isTrue();
    // InfluxDB behind a proxy that cannot reach it.
    assertThat(Retriable.isRetriable(new BadGatewayException(answer(502)))).isTrue();
    // The broker did not take a proposal: KafkaProposalPublisher wraps the producer's failure.
    assertThat(Retriable.isRetriable(new KafkaProposalPublisher.PublishException("x",
        new ExecutionException(new NotLeaderOrFollowerException("moved"))))).isTrue();
    assertThat(Retriable.isRetriable(new TimeoutException("metadata"))).isTrue();
    assertThat(Retriable.isRetriable(new KafkaProposalPublisher.PublishException("x",
        new java.util.concurrent.TimeoutException()))).isTrue();
    assertThat(Retriable.isRetriable(new TopicAuthorizationException("acl"))).isTrue();
    assertThat(Retriable.isRetriable(new UncheckedIOException(new IOException("reset"))))
        .isTrue();
  }

  @Test
  void whatTheRecordCausesIsNotRetried() {
    // InfluxDB's verdict on the point itself (e.g. a field type conflict).
    assertThat(Retriable.isRetriable(new BadRequestException(answer(400)))).isFalse();
    assertThat(Retriable.isRetriable(new InfluxException("partial write"))).isFalse();
    assertThat(Retriable.isRetriable(new KafkaProposalPublisher.PublishException("x",
        new ExecutionException(new RecordTooLargeException("big"))))).isFalse();
    assertThat(Retriable.isRetriable(new IllegalArgumentException("no such resource")))
        .isFalse();
    assertThat(Retriable.isRetriable(new DecodeException("$.shortfall: must be > 0")))
        .isFalse();
  }
}
