package io.agentry.worker.tools.web;

import io.agentry.worker.tools.RiskLevel;
import io.agentry.worker.tools.Schemas;
import io.agentry.worker.tools.SimpleTool;
import io.agentry.worker.tools.Tool;
import io.agentry.worker.tools.ToolCall;
import io.agentry.worker.tools.ToolResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;

/**
 * web_search: a POST to DuckDuckGo's HTML endpoint (or any page in its format at {@code baseUrl}),
 * parsed into title, url and snippet. Runs on the node, not in the sandbox (which has no network).
 */
public final class WebSearchTool {

  private final WebClient client;
  private final String baseUrl;
  private final int maxResults;
  private final int timeoutMs;

  public WebSearchTool(Vertx vertx, String baseUrl, int maxResults, int timeoutMs) {
    this.client =
        WebClient.create(vertx, new WebClientOptions().setUserAgent("agentry-web-search"));
    this.baseUrl = baseUrl;
    this.maxResults = maxResults;
    this.timeoutMs = timeoutMs;
  }

  public Tool tool() {
    return new SimpleTool(
        "web_search",
        "Search the web; returns titles, URLs and snippets.",
        Schemas.object().string("query", "what to search for", 500, true).build(),
        RiskLevel.SAFE,
        this::search);
  }

  private Future<ToolResult> search(ToolCall call) {
    String query = call.arguments().getString("query");
    return client
        .postAbs(baseUrl)
        .timeout(timeoutMs)
        .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("q", query))
        .map(
            response -> {
              if (response.statusCode() != 200) {
                return ToolResult.error("search failed: HTTP " + response.statusCode());
              }
              List<SearchHit> hits =
                  DuckDuckGoHtml.parse(response.bodyAsString(), baseUrl, maxResults);
              JsonArray results = new JsonArray();
              StringBuilder text = new StringBuilder();
              for (SearchHit hit : hits) {
                results.add(hit.toJson());
                text.append(hit.title())
                    .append('\n')
                    .append(hit.url())
                    .append('\n')
                    .append(hit.snippet())
                    .append("\n\n");
              }
              return ToolResult.ok(
                  hits.isEmpty() ? "no results" : text.toString().strip(),
                  new JsonObject().put("results", results));
            })
        .recover(e -> Future.succeededFuture(ToolResult.error("search failed: " + e.getMessage())));
  }
}
