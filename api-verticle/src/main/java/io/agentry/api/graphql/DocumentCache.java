package io.agentry.api.graphql;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parsed and validated documents by query text, least recently used out first. Dashboards send the
 * same few documents over and over, and every event of a shared subscription is rendered by an
 * execution of the same document; parsing and validating it each time would dominate.
 */
final class DocumentCache implements PreparsedDocumentProvider {

  /** Longer documents are parsed each time: the cache must stay small whatever clients send. */
  static final int MAX_CACHED_LENGTH = 8 * 1024;

  private final Map<String, PreparsedDocumentEntry> entries;

  DocumentCache(int capacity) {
    this.entries =
        new LinkedHashMap<>(capacity, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
      ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    String query = input.getQuery();
    if (query.length() > MAX_CACHED_LENGTH) {
      return CompletableFuture.completedFuture(parseAndValidate.apply(input));
    }
    PreparsedDocumentEntry entry;
    synchronized (entries) {
      entry = entries.get(query);
    }
    if (entry == null) {
      entry = parseAndValidate.apply(input);
      synchronized (entries) {
        entries.put(query, entry);
      }
    }
    return CompletableFuture.completedFuture(entry);
  }
}
