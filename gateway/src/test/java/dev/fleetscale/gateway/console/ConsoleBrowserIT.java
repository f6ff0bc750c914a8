package dev.fleetscale.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.autoscale.ScalingMode;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.gateway.stream.StreamFeed;
import dev.fleetscale.gateway.support.GatewayCalls;
import dev.fleetscale.gateway.support.GatewayCalls.Answer;
import dev.fleetscale.gateway.support.GatewayStack;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in headless Chromium (Debian's chromium and chromium-driver, driven by Selenium
 * 4 through /usr/bin/chromedriver: no Selenium Manager, nothing downloaded), against the gateway
 * on a real broker and influxd with procurement-service's real application: sign in, see a pool
 * live, open a proposal, approve it with a reason, see the status change arrive on the stream
 * (and a second change made elsewhere), check the approval in InfluxDB, read the audit log as an
 * admin. A screenshot of each page goes to target/console-screenshots/.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT implements TestPropertyProvider {

  @RegisterExtension
  static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @RegisterExtension
  static final InfluxExtension INFLUX = new InfluxExtension();

  private static final GatewayStack STACK = new GatewayStack(KAFKA, INFLUX);
  private static final Path SHOTS = Path.of("target", "console-screenshots");
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  @Inject
  EmbeddedServer server;

  @Inject
  StreamFeed feed;

  GatewayCalls calls;
  ChromeDriver browser;
  WebDriverWait wait;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new HashMap<>(STACK.start());
    KAFKA.createTopic(Topics.AUTOSCALE, 1);
    KAFKA.createTopic(Topics.REBALANCE, 1);
    p.put("kafka.enabled", "true");
    p.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
    return p;
  }

  @BeforeAll
  void start() throws Exception {
    calls = new GatewayCalls(server.getPort());
    await().atMost(Duration.ofSeconds(60)).until(feed::assigned);
    for (String f : List.of(CHROMIUM, CHROMEDRIVER)) {
      assertThat(new File(f).canExecute()).as(f + " (Debian packages chromium and chromium-driver; ./fleetscale"
          + " installs them)").isTrue();
    }
    Files.createDirectories(SHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--window-size=1400,1100", "--no-first-run");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    STACK.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  private void shot(String name) throws Exception {
    Thread.sleep(300); // let charts draw
    Path file = SHOTS.resolve(name + ".png");
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), file,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private WebElement visible(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private void textIs(String css, String text) {
    wait.until(ExpectedConditions.textToBe(By.cssSelector(css), text));
  }

  private void signIn(String principal) {
    browser.get(url("/console/"));
    visible("#token").sendKeys(STACK.token(principal));
    browser.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), principal));
    textIs("#live-state", "live");
  }

  private static void decision(String pool, int ready, int desired, double observed) {
    AutoscaleDecision d = new AutoscaleDecision(UUID.randomUUID().toString(), pool, Instant.now(),
        ScalingMode.REACTIVE, ready, desired, "DCGM_FI_DEV_GPU_UTIL", observed, 70,
        Map.of("window_avg", observed), "utilization " + observed + " % against target 70 %",
        List.of(), ready, ready);
    try (KafkaProducer<String, byte[]> producer = KAFKA.producer(Map.of(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "console-it-" + UUID.randomUUID()))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(EventRecords.toProducerRecord(d, URI.create("/fleetscale/test/optimizer")))
          .get(20, TimeUnit.SECONDS);
      producer.commitTransaction();
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish " + d, e);
    }
  }

  @Test
  void signInApproveLiveAndAudit() throws Exception {
    // The console's files come from the jar, with a strict Content-Security-Policy.
    Answer page = calls.get("/console/", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("/console/js/app.js");
    assertThat(page.headers().get("content-security-policy")).singleElement().asString()
        .contains("script-src 'self'").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(page.headers().get("x-content-type-options")).containsExactly("nosniff");
    assertThat(calls.get("/console/js/vendor.js", null).body()).doesNotContain("@preact.version@")
        .contains("/console/lib/preact/");

    String id = STACK.proposal(calls, "pool-console");

    // A token the gateway does not know is refused at the form.
    browser.get(url("/console/"));
    visible("#token").sendKeys("not-a-token");
    browser.findElement(By.id("sign-in")).click();
    assertThat(visible("#signin-error").getText()).contains("401");

    browser.findElement(By.id("token")).clear();
    signIn("alice");
    assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("alice (approver)");
    assertThat(browser.findElements(By.id("nav-audit"))).as("audit is for admins").isEmpty();

    // Overview: the fleet routes are another part of the gateway; where one answers 404 the panel
    // says so. The pool summary arrives live.
    visible("#page-overview");
    decision("inference", 6, 8, 91.5);
    decision("training", 4, 4, 88.0);
    wait.until(d -> d.findElements(By.cssSelector("#live-pools tr[data-key='training']")).size() == 1);
    assertThat(browser.findElement(By.cssSelector("#live-pools tr[data-key='inference']")).getText())
        .contains("inference").contains("91.5").contains("70.0");
    Answer pools = calls.get("/api/v1/pools", STACK.token("alice"));
    if (pools.status() == 200) {
      visible("#pools");
    } else {
      // Without the fleet API (a gateway that does not serve the route): a message, not a broken page.
      assertThat(pools.status()).as(pools.body()).isIn(403, 404);
      assertThat(visible("#pools-unavailable").getText()).contains("not available on this gateway");
    }
    shot("overview");

    browser.findElement(By.id("nav-decisions")).click();
    visible("#page-decisions");
    decision("inference", 8, 8, 72.0);
    wait.until(d -> d.findElements(By.cssSelector("#decisions tbody tr")).size() >= 3);
    assertThat(browser.findElement(By.id("decisions")).getText())
        .contains("utilization 72.0 % against target 70 %");
    visible("#decisions-chart canvas");
    shot("decisions");

    browser.findElement(By.id("nav-proposals")).click();
    visible("#proposals tr[data-key='" + id + "']");
    shot("proposals");
    browser.findElement(By.cssSelector("#proposals tr[data-key='" + id + "']")).click();
    textIs("#proposal-status", "PROPOSED");
    assertThat(visible("#justification").getText()).isNotBlank();
    visible("#line-items");
    visible("#alternatives");
    visible("#cost-chart canvas");
    shot("proposal");

    // Approve without a reason: the gateway's message is shown and nothing changes.
    browser.findElement(By.id("action-approve")).click();
    assertThat(visible("#action-error").getText())
        .isEqualTo("reason: must not be blank (required to approve)");
    browser.findElement(By.id("decision-reason")).sendKeys("capacity for Q3 <script>alert(1)</script>");
    browser.findElement(By.id("action-approve")).click();
    // The page does not reload the proposal: the new status comes from the stream.
    textIs("#proposal-status", "APPROVED");
    assertThat(browser.findElement(By.id("history")).getText())
        .contains("alice").contains("capacity for Q3 <script>alert(1)</script>");
    visible("#action-order");
    shot("proposal-approved");

    // A change made elsewhere (an admin orders it through the API) shows up live too.
    Answer ordered = calls.post("/api/v1/proposals/" + id + "/order", STACK.token("ada"),
        "{\"reason\": \"PO-4711\"}");
    assertThat(ordered.status()).as(ordered.body()).isEqualTo(200);
    textIs("#proposal-status", "ORDERED");

    // InfluxDB has the approval with the principal and the reason, and its audit record.
    List<Map<String, Object>> stored = INFLUX.query("SELECT changed_by, note FROM"
        + " procurement_proposal WHERE proposal_id = '" + id + "' AND status = 'APPROVED'");
    assertThat(stored).singleElement().satisfies(row -> assertThat(row)
        .containsEntry("changed_by", "alice")
        .containsEntry("note", "capacity for Q3 <script>alert(1)</script>"));
    assertThat(INFLUX.query("SELECT * FROM gateway_audit WHERE action = 'proposal.approve' AND"
        + " target = '" + id + "' AND principal = 'alice' AND result = 'ok'")).hasSize(1);

    // The admin's audit view.
    browser.findElement(By.id("sign-out")).click();
    visible("#token");
    signIn("ada");
    browser.findElement(By.id("nav-audit")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "proposal.approve"));
    assertThat(browser.findElement(By.id("audit")).getText()).contains("alice").contains(id);
    shot("audit");

    // Nothing the page did broke its Content-Security-Policy, and no script failed.
    List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .filter(e -> !e.getMessage().contains("/api/v1/"))  // the 404s and 401s asked for above
        .toList();
    assertThat(problems).as("browser errors").isEmpty();
  }
}
