package dev.fleetscale.agent.ops;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The agent's logging: java.util.logging, set up in code, one line per event on stderr, which
 * journald and {@code kubectl logs} pick up. SLF4J (the agent, Vert.x, Kafka) reaches it through
 * slf4j-jdk14, and the NVML layer's {@code System.Logger} goes there by default.
 *
 * <p>Why not logback, as the other services use: the agent runs on every GPU host, and logback's
 * classes (about 250, measured with {@code -Xlog:class+load}) stayed resident for the agent's
 * whole life; java.util.logging is in the JDK and mostly loaded anyway. An operator who wants a
 * different setup passes {@code -Djava.util.logging.config.file=...} (for example through
 * JAVA_OPTS), and this set-up then steps aside.
 */
public final class AgentLogging {

  static final String CONFIG_FILE_PROPERTY = "java.util.logging.config.file";

  /**
   * Loggers configured here. java.util.logging holds loggers weakly: without these references a
   * GC could drop a logger and its level with it.
   */
  private static final List<Logger> CONFIGURED = new java.util.concurrent.CopyOnWriteArrayList<>();

  static final String MANAGER_PROPERTY = "java.util.logging.manager";

  private static volatile boolean configuring;

  private AgentLogging() {}

  /**
   * Makes {@link Manager} the JDK's log manager. Call first thing in {@code main}, before anything
   * logs: the JDK reads the property once, when logging starts.
   */
  public static void useAgentManager() {
    if (System.getProperty(MANAGER_PROPERTY) == null) {
      System.setProperty(MANAGER_PROPERTY, Manager.class.getName());
    }
  }

  /** Configures logging to stderr, unless the operator named a configuration file. */
  public static void install() {
    install(System.err);
  }

  /** As {@link #install()}, writing to {@code out} (tests). */
  static void install(PrintStream out) {
    if (System.getProperty(CONFIG_FILE_PROPERTY) != null) {
      return;
    }
    configuring = true;
    try {
      LogManager.getLogManager().reset();
    } finally {
      configuring = false;
    }
    Logger root = keep(Logger.getLogger(""));
    root.setLevel(Level.INFO);
    Handler handler = new AutoFlushingHandler(out);
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    // During a broker outage the producer logs each reconnect attempt (about one a second); the
    // agent logs the outage once when it starts and once when it ends, and /health shows it.
    keep(Logger.getLogger("org.apache.kafka")).setLevel(Level.SEVERE);
    keep(Logger.getLogger("io.netty")).setLevel(Level.WARNING);
  }

  /**
   * The JDK's log manager, except that it keeps its handlers at JVM shutdown: the JDK resets
   * logging from a shutdown hook of its own, which would silence what the agent logs while it
   * stops (the spool left behind, a stop that did not complete).
   */
  public static final class Manager extends LogManager {
    @Override
    public void reset() {
      if (configuring) {
        super.reset();
      }
    }
  }

  private static Logger keep(Logger logger) {
    CONFIGURED.add(logger);
    return logger;
  }

  /** A stream handler that flushes each line, so that nothing waits in a buffer when the agent dies. */
  private static final class AutoFlushingHandler extends StreamHandler {
    AutoFlushingHandler(PrintStream out) {
      super(out, new OneLine());
    }

    @Override
    public synchronized void publish(LogRecord record) {
      super.publish(record);
      flush();
    }

    @Override
    public synchronized void close() {
      flush(); // never close stderr
    }
  }

  /**
   * {@code HH:mm:ss.SSS LEVEL [thread] logger - message}, with SLF4J's level names, as the other
   * services' logback pattern prints; a throwable follows on the next lines.
   */
  static final class OneLine extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final int MAX_LOGGER = 36;

    @Override
    public String format(LogRecord record) {
      StringBuilder line = new StringBuilder(160)
          .append(TIME.format(LocalTime.ofInstant(record.getInstant(), ZoneId.systemDefault())))
          .append(' ')
          .append(String.format("%-5s", level(record.getLevel())))
          .append(" [")
          .append(Thread.currentThread().getName()) // handlers publish on the logging thread
          .append("] ")
          .append(abbreviate(record.getLoggerName()))
          .append(" - ")
          .append(formatMessage(record))
          .append(System.lineSeparator());
      if (record.getThrown() != null) {
        java.io.StringWriter trace = new java.io.StringWriter();
        record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }

    static String level(Level level) {
      int value = level.intValue();
      if (value >= Level.SEVERE.intValue()) {
        return "ERROR";
      }
      if (value >= Level.WARNING.intValue()) {
        return "WARN";
      }
      if (value >= Level.INFO.intValue()) {
        return "INFO";
      }
      return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    /** Shortens leading package names to their first letter until the name fits, as logback's {@code %logger{36}}. */
    static String abbreviate(String name) {
      if (name == null || name.length() <= MAX_LOGGER) {
        return name == null ? "" : name;
      }
      String[] parts = name.split("\\.");
      int length = name.length();
      for (int i = 0; i < parts.length - 1 && length > MAX_LOGGER; i++) {
        length -= parts[i].length() - 1;
        parts[i] = parts[i].substring(0, 1);
      }
      return String.join(".", parts);
    }
  }
}
