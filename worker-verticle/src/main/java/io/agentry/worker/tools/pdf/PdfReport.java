package io.agentry.worker.tools.pdf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Lays out a report with PDFBox: a title, {@code #} headings, {@code -} bullets and wrapped
 * paragraphs on A4 pages. The standard fonts cover Latin-1 only; other characters print as '?'.
 */
final class PdfReport {

  private static final float MARGIN = 56;
  private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;

  private final String title;
  private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  private PDDocument doc;
  private PDPageContentStream out;
  private float y;

  PdfReport(String title) {
    this.title = title;
  }

  int render(String markdown, Path file) throws IOException {
    try (PDDocument document = new PDDocument()) {
      doc = document;
      newPage();
      paragraph(title, bold, 18);
      for (String line : markdown.split("\r?\n")) {
        String t = line.strip();
        if (t.isEmpty()) {
          y -= 6;
        } else if (t.startsWith("#")) {
          int level = Math.min(3, t.indexOf(' ') > 0 ? t.indexOf(' ') : 1);
          y -= 6;
          paragraph(t.replaceFirst("^#+\\s*", ""), bold, 16 - 2 * level);
        } else if (t.startsWith("- ") || t.startsWith("* ")) {
          paragraph("\u2022 " + t.substring(2), regular, 11);
        } else {
          paragraph(t, regular, 11);
        }
      }
      out.close();
      document.getDocumentInformation().setTitle(title);
      document.save(file.toFile());
      return document.getNumberOfPages();
    }
  }

  private void paragraph(String text, PDType1Font font, float size) throws IOException {
    for (String line : wrap(latin1(text), font, size)) {
      if (y - size < MARGIN) {
        out.close();
        newPage();
      }
      y -= size * 1.35f;
      out.beginText();
      out.setFont(font, size);
      out.newLineAtOffset(MARGIN, y);
      out.showText(line);
      out.endText();
    }
  }

  private List<String> wrap(String text, PDType1Font font, float size) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (!line.isEmpty() && font.getStringWidth(candidate) / 1000 * size > WIDTH) {
        lines.add(line.toString());
        line = new StringBuilder(word);
      } else {
        line = new StringBuilder(candidate);
      }
    }
    lines.add(line.toString());
    return lines;
  }

  private static String latin1(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> b.append(c == 0x2022 ? "-" : c < 32 || c > 255 ? "?" : Character.toString(c)));
    return b.toString();
  }

  private void newPage() throws IOException {
    PDPage page = new PDPage(PDRectangle.A4);
    doc.addPage(page);
    out = new PDPageContentStream(doc, page);
    y = PDRectangle.A4.getHeight() - MARGIN;
  }
}
