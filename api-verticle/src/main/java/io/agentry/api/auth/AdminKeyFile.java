package io.agentry.api.auth;

import io.agentry.core.auth.IssuedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the bootstrap admin token goes: {@code <node.dataDir>/admin.key}, readable by the owner
 * only. The token is never logged or printed; only the file's path is.
 */
public final class AdminKeyFile {

  public static final String NAME = "admin.key";

  private AdminKeyFile() {}

  /** Writes the token (replacing an older file) with mode 600 from the start. */
  public static Path write(Path dataDir, IssuedKey key) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(NAME);
    Path temp = dataDir.resolve(NAME + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(
        temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        temp, key.token() + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    return Files.move(
        temp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
