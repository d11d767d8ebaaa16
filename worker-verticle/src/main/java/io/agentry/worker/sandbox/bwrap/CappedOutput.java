package io.agentry.worker.sandbox.bwrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a sandboxed process to its end, keeping the first {@code cap} bytes.
 * The rest is read and dropped so the process never blocks on a full pipe; the wall-clock limit
 * bounds how long that can go on.
 */
final class CappedOutput implements Runnable {

  private final InputStream in;
  private final int cap;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private volatile long total;

  CappedOutput(InputStream in, int cap) {
    this.in = in;
    this.cap = cap;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[64 * 1024];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        int room = (int) Math.max(0, Math.min(n, cap - total));
        if (room > 0) {
          kept.write(buffer, 0, room);
        }
        total += n;
      }
    } catch (IOException e) {
      // The stream closes when the process tree is killed; what was read so far is the output.
    }
  }

  boolean truncated() {
    return total > cap;
  }

  /** The kept text, followed by a marker saying how much was dropped. */
  String text() {
    String text = kept.toString(StandardCharsets.UTF_8);
    if (!truncated()) {
      return text;
    }
    return text + "\n[output truncated: " + cap + " of " + total + " bytes kept]\n";
  }
}
