package io.agentry.core.knowledge;

import java.util.List;

/** What a parser found in an error text, before normalisation: frames innermost first. */
record ParsedError(String type, String message, List<String> frames) {

  ParsedError {
    frames = List.copyOf(frames);
  }
}
