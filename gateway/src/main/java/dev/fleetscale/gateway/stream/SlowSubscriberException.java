package dev.fleetscale.gateway.stream;

/** Ends a subscriber's stream when it fell a whole buffer behind: the connection is closed. */
final class SlowSubscriberException extends RuntimeException {

  SlowSubscriberException(String principal, int buffer) {
    super("stream subscriber " + principal + " fell " + buffer + " events behind and was dropped",
        null, false, false);
  }
}
