package io.agentry.worker.tools.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * A minimal blocking SMTP client (RFC 5321): EHLO, optional AUTH PLAIN, MAIL, RCPT, DATA with
 * dot-stuffing, QUIT. Meant for a relay the operator runs (no STARTTLS); callers run it on a
 * virtual thread. The password is never part of an error message.
 */
final class SmtpClient {

  private final String host;
  private final int port;
  private final int timeoutMs;

  SmtpClient(String host, int port, int timeoutMs) {
    this.host = host;
    this.port = port;
    this.timeoutMs = timeoutMs;
  }

  void send(String from, List<String> to, String subject, String body, String user, String password)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMs);
      socket.setSoTimeout(timeoutMs);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      expect(in, 220, "greeting");
      command(out, in, "EHLO agentry", 250);
      if (user != null && !user.isEmpty()) {
        String token =
            Base64.getEncoder()
                .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        write(out, "AUTH PLAIN " + token);
        expect(in, 235, "AUTH");
      }
      command(out, in, "MAIL FROM:<" + from + ">", 250);
      for (String recipient : to) {
        command(out, in, "RCPT TO:<" + recipient + ">", 250);
      }
      command(out, in, "DATA", 354);
      StringBuilder message = new StringBuilder();
      message.append("From: ").append(from).append("\r\n");
      message.append("To: ").append(String.join(", ", to)).append("\r\n");
      message.append("Subject: ").append(subject.replaceAll("[\r\n]", " ")).append("\r\n");
      message
          .append("Date: ")
          .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()))
          .append("\r\n");
      message.append(
          "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
      for (String line : body.split("\r?\n", -1)) {
        message.append(line.startsWith(".") ? "." + line : line).append("\r\n");
      }
      message.append(".");
      command(out, in, message.toString(), 250);
      command(out, in, "QUIT", 221);
    }
  }

  private static void command(OutputStream out, BufferedReader in, String line, int expected)
      throws IOException {
    write(out, line);
    String verb = line.startsWith("From: ") ? "message" : line.split("[ :]", 2)[0];
    expect(in, expected, verb);
  }

  private static void write(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void expect(BufferedReader in, int code, String step) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("SMTP server closed the connection at " + step);
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    if (!line.startsWith(Integer.toString(code))) {
      throw new IOException("SMTP " + step + " refused: " + line);
    }
  }
}
