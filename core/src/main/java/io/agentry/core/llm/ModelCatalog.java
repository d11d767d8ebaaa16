package io.agentry.core.llm;

import io.agentry.core.config.AgentryConfig.ModelSettings;
import io.agentry.core.config.ConfigException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured providers, routing rules and prices, parsed once at start-up from {@link
 * ModelSettings}. API keys are read here, from the environment variables the settings name, and
 * nowhere else. Parsing contacts no provider.
 */
public final class ModelCatalog {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** {@code role:min-max=provider/model}; role {@code *} matches every role. */
  public record Route(String role, int minComplexity, int maxComplexity, ModelTarget target) {
    boolean matches(String callRole, int complexity) {
      return (role.equals("*") || role.equals(callRole))
          && complexity >= minComplexity
          && complexity <= maxComplexity;
    }
  }

  /** USD per million input and output tokens. */
  public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO);

    public BigDecimal cost(long inputTokens, long outputTokens) {
      return inputPerMillion
          .multiply(BigDecimal.valueOf(inputTokens))
          .add(outputPerMillion.multiply(BigDecimal.valueOf(outputTokens)))
          .divide(MILLION, MathContext.DECIMAL64);
    }
  }

  private final Map<String, ProviderEndpoint> endpoints;
  private final List<Route> routes;
  private final Map<String, Price> prices;

  private ModelCatalog(
      Map<String, ProviderEndpoint> endpoints, List<Route> routes, Map<String, Price> prices) {
    this.endpoints = Map.copyOf(endpoints);
    this.routes = List.copyOf(routes);
    this.prices = Map.copyOf(prices);
  }

  /** Parses the settings; {@code env} supplies the API keys. Bad entries are a ConfigException. */
  public static ModelCatalog create(ModelSettings settings, Map<String, String> env) {
    Map<String, String> keyVariables = pairs("models.apiKeyEnv", settings.apiKeyEnv());
    Map<String, ProviderEndpoint> endpoints = new LinkedHashMap<>();
    pairs("models.providers", settings.providers())
        .forEach(
            (name, url) -> {
              String variable = keyVariables.get(name);
              String key = variable == null ? "" : env.getOrDefault(variable, "");
              endpoints.put(name, new ProviderEndpoint(name, url, key));
            });
    List<Route> routes = new ArrayList<>();
    for (String entry : entries(settings.routes())) {
      routes.add(route(entry, endpoints));
    }
    Map<String, Price> prices = new LinkedHashMap<>();
    pairs("models.prices", settings.prices())
        .forEach((target, price) -> prices.put(ModelTarget.parse(target).toString(), price(price)));
    return new ModelCatalog(endpoints, routes, prices);
  }

  public List<ProviderEndpoint> endpoints() {
    return List.copyOf(endpoints.values());
  }

  public Optional<ProviderEndpoint> endpoint(String provider) {
    return Optional.ofNullable(endpoints.get(provider));
  }

  public List<Route> routes() {
    return routes;
  }

  /** The model for a request: its explicit {@code model}, else the first matching route. */
  public ModelTarget resolve(ChatRequest request) {
    if (request.model() != null) {
      return ModelTarget.parse(request.model());
    }
    CallContext context = request.context();
    return routes.stream()
        .filter(route -> route.matches(context.role(), context.complexity()))
        .findFirst()
        .map(Route::target)
        .orElseThrow(
            () ->
                ModelCallException.notConfigured(
                    "no model route for role '"
                        + context.role()
                        + "' at complexity "
                        + context.complexity()));
  }

  /** The price of a model; models without a configured price (e.g. local ones) are free. */
  public Price price(ModelTarget target) {
    return prices.getOrDefault(target.toString(), Price.FREE);
  }

  private static Route route(String entry, Map<String, ProviderEndpoint> endpoints) {
    try {
      int equals = entry.indexOf('=');
      String[] selector = entry.substring(0, equals).split(":");
      String[] range = selector[1].split("-");
      ModelTarget target = ModelTarget.parse(entry.substring(equals + 1));
      Route route =
          new Route(
              selector[0].trim(),
              Integer.parseInt(range[0].trim()),
              Integer.parseInt(range[1].trim()),
              target);
      if (route.minComplexity() < 1
          || route.maxComplexity() > 10
          || route.minComplexity() > route.maxComplexity()) {
        throw new IllegalArgumentException("complexity range must lie within 1-10");
      }
      if (!endpoints.containsKey(target.provider())) {
        throw new IllegalArgumentException("unknown provider '" + target.provider() + "'");
      }
      return route;
    } catch (RuntimeException e) {
      throw new ConfigException(
          "models.routes: '"
              + entry
              + "' is not role:min-max=provider/model ("
              + e.getMessage()
              + ")");
    }
  }

  private static Price price(String text) {
    String[] parts = text.split(":");
    try {
      return new Price(new BigDecimal(parts[0].trim()), new BigDecimal(parts[1].trim()));
    } catch (RuntimeException e) {
      throw new ConfigException("models.prices: '" + text + "' is not input:output (USD per 1M)");
    }
  }

  private static Map<String, String> pairs(String key, String text) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String entry : entries(text)) {
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw new ConfigException(key + ": '" + entry + "' is not name=value");
      }
      pairs.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
    }
    return pairs;
  }

  private static List<String> entries(String text) {
    List<String> entries = new ArrayList<>();
    for (String entry : text == null ? new String[0] : text.split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry.trim());
      }
    }
    return entries;
  }
}
