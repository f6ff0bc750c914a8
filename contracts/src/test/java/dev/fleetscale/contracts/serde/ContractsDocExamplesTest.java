package dev.fleetscale.contracts.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every JSON example in docs/contracts.md validates against, and binds to, its topic's event. */
class ContractsDocExamplesTest {

  private static final Path DOC = Path.of("..", "docs", "contracts.md");
  private static final Pattern HEADING = Pattern.compile("^## (fleet\\.[a-z.-]+\\.v\\d+)$");

  @Test
  void everyTopicHasAnExampleThatDecodes() throws Exception {
    Map<String, List<String>> examples = examplesByTopic();
    List<String> topics = EventType.all().stream().map(EventType::topic).toList();
    assertThat(examples.keySet()).containsExactlyInAnyOrderElementsOf(topics);
    for (EventType<?> type : EventType.all()) {
      assertThat(examples.get(type.topic())).as(type.topic()).isNotEmpty();
      for (String json : examples.get(type.topic())) {
        EventCodec<?> codec = EventCodec.of(type);
        Object decoded = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).as(type.topic()).isInstanceOf(type.javaType());
      }
    }
  }

  private static Map<String, List<String>> examplesByTopic() throws IOException {
    Map<String, List<String>> byTopic = new LinkedHashMap<>();
    String topic = null;
    StringBuilder block = null;
    for (String line : Files.readAllLines(DOC)) {
      Matcher heading = HEADING.matcher(line);
      if (block != null) {
        if (line.equals("```")) {
          byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(block.toString());
          block = null;
        } else {
          block.append(line).append('\n');
        }
      } else if (heading.matches()) {
        topic = heading.group(1);
      } else if (line.equals("```json") && topic != null) {
        block = new StringBuilder();
      } else if (line.startsWith("## ")) {
        topic = null;
      }
    }
    return byTopic;
  }
}
