package dev.fleetscale.gateway.support;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * procurement-service's own application (its main class, controllers, solver, demand consumer and
 * InfluxDB journal), started in this JVM in a class loader of its own: procurement's jar (kept off
 * the tests' class path by the pom, system property {@code fleetscale.procurement.jar}) and the
 * test class path without the gateway's classes and without micronaut-security, so that neither
 * application's beans reach the other's context. The gateway's tests call it over HTTP on loopback, as the gateway does in
 * production.
 */
public final class ProcurementServer implements AutoCloseable {

  private final URLClassLoader loader;
  private final AutoCloseable context;
  private final int port;

  private ProcurementServer(URLClassLoader loader, AutoCloseable context, int port) {
    this.loader = loader;
    this.context = context;
    this.port = port;
  }

  /** Starts procurement-service with {@code properties} on a free loopback port. */
  public static ProcurementServer start(Map<String, Object> properties) {
    URLClassLoader loader = new URLClassLoader("procurement-service", classPath(),
        ClassLoader.getPlatformClassLoader());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Class<?> micronaut = loader.loadClass("io.micronaut.runtime.Micronaut");
      Class<?> main = loader.loadClass("dev.fleetscale.procurement.Application");
      Object builder = micronaut.getMethod("build", String[].class)
          .invoke(null, (Object) new String[0]);
      call(builder, "classLoader", ClassLoader.class, loader);
      call(builder, "mainClass", Class.class, main);
      call(builder, "properties", Map.class, properties);
      call(builder, "banner", boolean.class, false);
      Object context = builder.getClass().getMethod("start").invoke(builder);
      Class<?> serverType = loader.loadClass("io.micronaut.runtime.server.EmbeddedServer");
      Object server = context.getClass().getMethod("getBean", Class.class)
          .invoke(context, serverType);
      int port = (int) serverType.getMethod("getPort").invoke(server);
      return new ProcurementServer(loader, (AutoCloseable) context, port);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot start procurement-service", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static void call(Object target, String name, Class<?> type, Object value)
      throws ReflectiveOperationException {
    Method m = findMethod(target.getClass(), name, type);
    m.setAccessible(true);
    m.invoke(target, value);
  }

  private static Method findMethod(Class<?> type, String name, Class<?> parameter)
      throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return c.getMethod(name, parameter);
      } catch (NoSuchMethodException e) {
        // try the superclass
      }
    }
    throw new NoSuchMethodException(type.getName() + "." + name);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    try {
      context.close();
    } finally {
      loader.close();
    }
  }

  /** The test class path (Surefire's and Failsafe's), less the gateway and micronaut-security. */
  private static URL[] classPath() {
    String path = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    String jar = System.getProperty("fleetscale.procurement.jar");
    if (jar == null || jar.isBlank() || jar.startsWith("${") || !new File(jar).exists()) {
      throw new IllegalStateException("fleetscale.procurement.jar: must name procurement-service's"
          + " jar or classes (the gateway pom sets it), got '" + jar + "'");
    }
    List<URL> urls = new ArrayList<>();
    try {
      urls.add(new File(jar).toURI().toURL());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(jar, e);
    }
    for (String entry : path.split(File.pathSeparator)) {
      String normalized = entry.replace('\\', '/');
      if (normalized.contains("/gateway/target/") || normalized.contains("micronaut-security")) {
        continue;
      }
      try {
        urls.add(new File(entry).toURI().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalStateException(entry, e);
      }
    }
    return urls.toArray(URL[]::new);
  }
}
