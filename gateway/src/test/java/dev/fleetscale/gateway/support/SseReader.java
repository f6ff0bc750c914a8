package dev.fleetscale.gateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A Server-Sent Events client for the tests: opens the stream, parses events (RFC: lines of
 * {@code field: value}, blank line ends an event) on a thread of its own, and keeps them.
 */
public final class SseReader implements AutoCloseable {

  /** One event: its {@code event:}, {@code id:} and {@code data:} fields. */
  public record Sse(String name, String id, String data) {}

  private final List<Sse> events = new CopyOnWriteArrayList<>();
  private final int status;
  private final String contentType;
  private final InputStream body;
  private final Thread thread;

  private SseReader(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.contentType = response.headers().firstValue("content-type").orElse("");
    this.body = response.body();
    this.thread = new Thread(this::read, "sse-reader");
    thread.setDaemon(true);
    if (status == 200) {
      thread.start();
    }
  }

  /** Opens {@code url}, with {@code token} as a bearer token when not null. */
  public static SseReader open(String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET()
        .header("Accept", "text/event-stream");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return new SseReader(HttpClient.newHttpClient().send(b.build(),
          HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot open " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(body,
        StandardCharsets.UTF_8))) {
      String name = "message";
      String id = "";
      StringBuilder data = new StringBuilder();
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Sse(name, id, data.toString()));
          }
          name = "message";
          id = "";
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
          data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).trim());
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  public List<Sse> events() {
    return new ArrayList<>(events);
  }

  /** Waits up to {@code timeout} for an event that matches, and answers it. */
  public Sse await(Duration timeout, Predicate<Sse> match) {
    return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
        .until(() -> events.stream().filter(match).findFirst().orElse(null), e -> e != null);
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
