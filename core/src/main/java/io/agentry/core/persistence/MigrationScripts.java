package io.agentry.core.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The versioned migrations under {@code db/migration} in this module's jar or classes directory,
 * each with the checksum Flyway records for it: CRC32 over the UTF-8 bytes of every line without
 * its line break, with a byte-order mark dropped from the first line.
 */
final class MigrationScripts {

  static final String LOCATION = "db/migration/";
  private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__[^/]+\\.sql");

  private MigrationScripts() {}

  /**
   * Version to checksum, or empty when a script is not of the plain {@code V<n>__name.sql} form
   * (then only Flyway can tell what it means).
   */
  static Optional<Map<String, Integer>> onClasspath() {
    Map<String, Integer> scripts = new TreeMap<>();
    try {
      Path source =
          Path.of(
              MigrationScripts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(source)) {
        try (Stream<Path> files = Files.list(source.resolve(LOCATION))) {
          for (Path file : files.toList()) {
            if (!add(scripts, file.getFileName().toString(), Files.newInputStream(file))) {
              return Optional.empty();
            }
          }
        }
      } else {
        try (ZipFile jar = new ZipFile(source.toFile())) {
          for (ZipEntry entry : jar.stream().toList()) {
            String name = entry.getName();
            if (name.startsWith(LOCATION)
                && !entry.isDirectory()
                && !add(scripts, name.substring(LOCATION.length()), jar.getInputStream(entry))) {
              return Optional.empty();
            }
          }
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
    return scripts.isEmpty() ? Optional.empty() : Optional.of(scripts);
  }

  private static boolean add(Map<String, Integer> scripts, String name, InputStream in)
      throws IOException {
    try (in) {
      Matcher m = VERSIONED.matcher(name);
      if (!m.matches()) {
        return false;
      }
      scripts.put(String.valueOf(Long.parseLong(m.group(1))), checksum(in));
      return true;
    }
  }

  static int checksum(InputStream in) {
    CRC32 crc = new CRC32();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096)) {
      String line = reader.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      while (line != null) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
        line = reader.readLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (int) crc.getValue();
  }
}
