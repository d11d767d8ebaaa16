package io.agentry.core.knowledge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the parts of an error message that change from run to run or workspace to workspace with
 * placeholders: URLs, UUIDs, quoted data, absolute paths, hex addresses and numbers (which covers
 * line numbers). Whitespace collapses to single spaces.
 *
 * <p>A quoted literal that is a name — an identifier or dotted name such as {@code 'requests'},
 * {@code 'NoneType'} or {@code 'user_id'}, or a short run of punctuation such as {@code ';'} — is
 * kept: it names code, which is the same in every workspace, and it is what tells {@code No module
 * named 'numpy'} from {@code No module named 'yaml'}, two errors with different fixes. Any other
 * quoted literal is data and becomes {@code <str>}.
 */
final class MessageNormalizer {

  static final int MAX_LENGTH = 500;

  private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"]+");
  private static final Pattern UUID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  // An opening quote not glued to a word (so the apostrophe in "can't" is no quote).
  private static final Pattern QUOTED =
      Pattern.compile("(?<![\\w\\\\])(?:'([^'\\n]*)'|\"([^\"\\n]*)\")(?!\\w)");
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*|\\p{Punct}{1,3}");
  private static final int MAX_NAME = 64;
  private static final Pattern UNIX_PATH =
      Pattern.compile("(?<![\\w.<>/:~-])~?/(?:[\\w.@+~-]+/)*[\\w.@+~-]+/?");
  private static final Pattern WINDOWS_PATH = Pattern.compile("\\b[A-Za-z]:\\\\[^\\s'\",;)]*");
  private static final Pattern HEX = Pattern.compile("\\b0[xX][0-9a-fA-F]+\\b");
  // Java identity hashes (Foo@1b6d3586) and long digests (git SHAs, content hashes).
  private static final Pattern IDENTITY_HASH = Pattern.compile("@[0-9a-fA-F]{4,}\\b");
  private static final Pattern DIGEST = Pattern.compile("\\b(?=[0-9a-f]*\\d)[0-9a-f]{12,}\\b");
  private static final Pattern NUMBER = Pattern.compile("\\b\\d+(?:\\.\\d+)*\\b");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private MessageNormalizer() {}

  static String normalize(String message) {
    String s = Ansi.strip(message);
    s = URL.matcher(s).replaceAll("<url>");
    s = UUID.matcher(s).replaceAll("<uuid>");
    s = quoted(s);
    s = UNIX_PATH.matcher(s).replaceAll("<path>");
    s = WINDOWS_PATH.matcher(s).replaceAll("<path>");
    s = HEX.matcher(s).replaceAll("<hex>");
    s = IDENTITY_HASH.matcher(s).replaceAll("@<hex>");
    s = DIGEST.matcher(s).replaceAll("<hex>");
    s = NUMBER.matcher(s).replaceAll("<N>");
    s = SPACE.matcher(s).replaceAll(" ").strip();
    return cap(s, MAX_LENGTH);
  }

  private static String quoted(String s) {
    Matcher m = QUOTED.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      String content = m.group(1) != null ? m.group(1) : m.group(2);
      boolean name = content.length() <= MAX_NAME && NAME.matcher(content).matches();
      m.appendReplacement(out, name ? Matcher.quoteReplacement(m.group()) : "<str>");
    }
    m.appendTail(out);
    return out.toString();
  }

  static String cap(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }
}
