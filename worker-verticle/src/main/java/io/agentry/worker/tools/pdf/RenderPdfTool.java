package io.agentry.worker.tools.pdf;

import io.agentry.worker.support.Blocking;
import io.agentry.worker.tools.RiskLevel;
import io.agentry.worker.tools.Schemas;
import io.agentry.worker.tools.SimpleTool;
import io.agentry.worker.tools.Tool;
import io.agentry.worker.tools.ToolCall;
import io.agentry.worker.tools.ToolResult;
import io.agentry.worker.tools.files.WorkspacePaths;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** render_pdf: a PDF report of the task from markdown-ish text, written into the workspace. */
public final class RenderPdfTool {

  private final Vertx vertx;

  public RenderPdfTool(Vertx vertx) {
    this.vertx = vertx;
  }

  public Tool tool() {
    return new SimpleTool(
        "render_pdf",
        "Render a PDF report from markdown-like text (# headings, - bullets, paragraphs).",
        Schemas.object()
            .string("title", "report title", 200, true)
            .string("markdown", "the report text", 500_000, true)
            .string("path", "output path in the workspace (default output/report.pdf)", 4096, false)
            .build(),
        RiskLevel.RISKY,
        this::render);
  }

  private Future<ToolResult> render(ToolCall call) {
    return Blocking.run(
        vertx,
        "agentry-pdf",
        () -> {
          String path = call.arguments().getString("path", "output/report.pdf");
          Path file;
          try {
            file = WorkspacePaths.resolve(call.workspace().root(), path);
          } catch (IllegalArgumentException e) {
            return ToolResult.error(e.getMessage());
          }
          Files.createDirectories(file.getParent());
          try {
            int pages =
                new PdfReport(call.arguments().getString("title"))
                    .render(call.arguments().getString("markdown"), file);
            return ToolResult.ok("wrote " + path + " (" + pages + " pages)");
          } catch (IOException e) {
            return ToolResult.error("PDF not written: " + e.getMessage());
          }
        });
  }
}
