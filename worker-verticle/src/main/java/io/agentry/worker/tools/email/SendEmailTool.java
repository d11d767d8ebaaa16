package io.agentry.worker.tools.email;

import io.agentry.core.config.AgentryConfig.ToolSettings;
import io.agentry.worker.support.Blocking;
import io.agentry.worker.tools.RiskLevel;
import io.agentry.worker.tools.Schemas;
import io.agentry.worker.tools.SimpleTool;
import io.agentry.worker.tools.Tool;
import io.agentry.worker.tools.ToolCall;
import io.agentry.worker.tools.ToolResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * send_email over SMTP with the node's host, port, sender and credentials (from the environment).
 */
public final class SendEmailTool {

  private final Vertx vertx;
  private final ToolSettings settings;

  public SendEmailTool(Vertx vertx, ToolSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  public Tool tool() {
    return new SimpleTool(
        "send_email",
        "Send a plain-text email.",
        Schemas.object()
            .string("to", "recipient addresses, comma-separated", 2000, true)
            .string("subject", "subject line", 300, true)
            .string("body", "plain-text body", 100_000, true)
            .build(),
        RiskLevel.DANGEROUS,
        this::send);
  }

  private Future<ToolResult> send(ToolCall call) {
    List<String> to =
        Arrays.stream(call.arguments().getString("to").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    if (to.isEmpty() || to.stream().anyMatch(a -> !a.matches("[^@\\s<>]+@[^@\\s<>]+"))) {
      return Future.succeededFuture(ToolResult.error("'to' must list valid addresses"));
    }
    SmtpClient smtp =
        new SmtpClient(settings.smtpHost(), settings.smtpPort(), settings.httpTimeoutMs());
    return Blocking.run(
        vertx,
        "agentry-smtp",
        () -> {
          try {
            smtp.send(
                settings.smtpFrom(),
                to,
                call.arguments().getString("subject"),
                call.arguments().getString("body"),
                settings.smtpUser(),
                settings.smtpPassword());
            return ToolResult.ok("sent to " + String.join(", ", to));
          } catch (IOException e) {
            return ToolResult.error("email not sent: " + e.getMessage());
          }
        });
  }
}
