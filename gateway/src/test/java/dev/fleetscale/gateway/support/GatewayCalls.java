package dev.fleetscale.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Plain HTTP calls to the gateway (the JDK's client: every status comes back as it is). */
public final class GatewayCalls {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .build();
  private final String base;

  public GatewayCalls(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** A status, the headers and the body; {@link #json()} parses it. */
  public record Answer(int status, Map<String, java.util.List<String>> headers, String body) {
    public Object json() {
      try {
        return JSON.readValue(body, Object.class);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object() {
      return (Map<String, Object>) json();
    }
  }

  public Answer get(String path, String token) {
    return send("GET", path, token, null);
  }

  public Answer post(String path, String token, String body) {
    return send("POST", path, token, body);
  }

  public Answer send(String method, String path, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<java.io.InputStream> r = http.send(b.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (java.io.InputStream in = r.body()) {
        // An event stream does not end: its status and headers are the answer, the body is left.
        boolean stream = r.headers().firstValue("content-type").orElse("")
            .startsWith("text/event-stream");
        String text = stream ? "" : new String(in.readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
        return new Answer(r.statusCode(), r.headers().map(), text);
      }
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + path, e);
    }
  }
}
