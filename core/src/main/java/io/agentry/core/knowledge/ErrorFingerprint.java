package io.agentry.core.knowledge;

import java.util.List;
import java.util.Objects;

/**
 * What identifies an error independently of where it happened: its type, its message with the
 * changing parts replaced by placeholders, and the innermost (up to three) stack frames as {@code
 * file-basename:function}. Two workspaces that hit the same bug get the same fingerprint; see
 * {@link ErrorFingerprints#of(String)}.
 *
 * @param hash SHA-256 (64 lowercase hex digits) over type, message and frames
 * @param frames innermost first, at most {@link ErrorFingerprints#MAX_FRAMES}
 */
public record ErrorFingerprint(
    String hash, String type, String normalizedMessage, List<String> frames) {

  public ErrorFingerprint {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(normalizedMessage, "normalizedMessage");
    frames = List.copyOf(frames);
  }

  /** A fingerprint of already normalised parts, with its hash computed. */
  public static ErrorFingerprint of(String type, String normalizedMessage, List<String> frames) {
    return new ErrorFingerprint(
        ErrorFingerprints.hash(type, normalizedMessage, frames), type, normalizedMessage, frames);
  }
}
