package io.agentry.worker.workspace.git;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Points JGit's user, system and own config files (and its XDG directories) at the node's data dir,
 * so it never reads {@code ~/.gitconfig} or {@code /etc/gitconfig} (whose hooks paths, credential
 * helpers or filters would apply to agents' repositories) and never writes under {@code
 * $HOME/.config/jgit}. JGit's reader is JVM-wide, so it is installed once.
 */
final class IsolatedSystemReader extends SystemReader {

  private static volatile IsolatedSystemReader installed;

  private final SystemReader delegate;
  private final Path dir;

  private IsolatedSystemReader(SystemReader delegate, Path dir) {
    this.delegate = delegate;
    this.dir = dir;
  }

  static synchronized void install(Path dataDir) {
    if (installed != null) {
      return;
    }
    Path dir = dataDir.toAbsolutePath().resolve("git-config");
    try {
      Files.createDirectories(dir.resolve("xdg-config"));
      Files.createDirectories(dir.resolve("xdg-cache"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create JGit's config directory " + dir, e);
    }
    installed = new IsolatedSystemReader(SystemReader.getInstance(), dir);
    SystemReader.setInstance(installed);
  }

  private FileBasedConfig config(Config parent, FS fs, String name) {
    File file = dir.resolve(name).toFile();
    return new FileBasedConfig(parent, file, fs);
  }

  @Override
  public FileBasedConfig openUserConfig(Config parent, FS fs) {
    return config(parent, fs, "user.gitconfig");
  }

  @Override
  public FileBasedConfig openSystemConfig(Config parent, FS fs) {
    return config(parent, fs, "system.gitconfig");
  }

  @Override
  public FileBasedConfig openJGitConfig(Config parent, FS fs) {
    return config(parent, fs, "jgit.config");
  }

  @Override
  public Path getXdgConfigDirectory(FS fs) {
    return dir.resolve("xdg-config");
  }

  @Override
  public Path getXdgCacheDirectory(FS fs) {
    return dir.resolve("xdg-cache");
  }

  @Override
  public String getHostname() {
    return delegate.getHostname();
  }

  @Override
  public String getenv(String variable) {
    // GIT_* variables of the node's environment would redirect config, dirs or credentials.
    return variable.startsWith("GIT_") || variable.startsWith("XDG_")
        ? null
        : delegate.getenv(variable);
  }

  @Override
  public String getProperty(String key) {
    return delegate.getProperty(key);
  }

  @Override
  public long getCurrentTime() {
    return delegate.getCurrentTime();
  }

  @Override
  public int getTimezone(long when) {
    return delegate.getTimezone(when);
  }
}
