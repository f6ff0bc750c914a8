package dev.fleetscale.testkit.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port helpers for servers that listen on 127.0.0.1 only. */
public final class LoopbackPorts {

  /** The loopback address every testkit server binds to. */
  public static final String HOST = "127.0.0.1";

  private LoopbackPorts() {}

  /**
   * A port that was free a moment ago. Another process may take it before the caller binds it;
   * the window is small and a failed start says which port clashed.
   */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** Whether something accepts TCP connections on {@code 127.0.0.1:port}. */
  public static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
