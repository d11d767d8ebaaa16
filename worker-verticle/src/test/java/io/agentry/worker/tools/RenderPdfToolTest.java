package io.agentry.worker.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.worker.tools.pdf.RenderPdfTool;
import io.agentry.worker.workspace.GitIdentity;
import io.agentry.worker.workspace.Workspace;
import io.agentry.worker.workspace.Workspaces;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** render_pdf writes a real PDF into the workspace; PDFBox reads the text back. */
class RenderPdfToolTest {

  @Test
  void a_report_is_rendered_and_parses_back() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Workspaces workspaces =
          Workspaces.create(
              vertx,
              Path.of("target", "agentry-test-data").toAbsolutePath(),
              new GitIdentity("n", "n@x.invalid"));
      Workspace ws = workspaces.open("writer", "t-" + UUID.randomUUID()).await();
      StringBuilder long_ = new StringBuilder("# Results\n");
      for (int i = 0; i < 120; i++) {
        long_.append("- gate ").append(i).append(" passed after a long and careful check\n");
      }
      JsonObject args =
          new JsonObject().put("title", "Task report").put("markdown", long_ + "Done. Schön.");
      ToolResult r =
          new RenderPdfTool(vertx).tool().call(ToolCall.of(ws, "render_pdf", args)).await();
      assertThat(r.ok()).as(r.output()).isTrue();
      try (PDDocument pdf = Loader.loadPDF(ws.root().resolve("output/report.pdf").toFile())) {
        assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
        String text = new PDFTextStripper().getText(pdf);
        assertThat(text).contains("Task report", "Results", "gate 119 passed", "Done. Schön.");
      }
    } finally {
      vertx.close().await();
    }
  }
}
