package io.agentry.worker.tools.web;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Parses DuckDuckGo's HTML results page: each {@code .result} has an {@code a.result__a} (title,
 * link) and a {@code .result__snippet}. Links come wrapped as {@code
 * //duckduckgo.com/l/?uddg=<url>}; the real URL is unwrapped. Ads ({@code .result--ad}) are
 * skipped.
 */
public final class DuckDuckGoHtml {

  private DuckDuckGoHtml() {}

  public static List<SearchHit> parse(String html, String baseUrl, int max) {
    Document doc = Jsoup.parse(html, baseUrl);
    List<SearchHit> hits = new ArrayList<>();
    for (Element result : doc.select(".result")) {
      if (hits.size() >= max) {
        break;
      }
      Element link = result.selectFirst("a.result__a");
      if (link == null || result.hasClass("result--ad")) {
        continue;
      }
      Element snippet = result.selectFirst(".result__snippet");
      hits.add(
          new SearchHit(
              link.text(), unwrap(link.attr("href")), snippet == null ? "" : snippet.text()));
    }
    return hits;
  }

  static String unwrap(String href) {
    try {
      String query = URI.create(href.startsWith("//") ? "https:" + href : href).getRawQuery();
      if (query != null) {
        for (String pair : query.split("&")) {
          if (pair.startsWith("uddg=")) {
            return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
          }
        }
      }
    } catch (IllegalArgumentException e) {
      // Not a URI we can read: keep it as it is.
    }
    return href;
  }
}
