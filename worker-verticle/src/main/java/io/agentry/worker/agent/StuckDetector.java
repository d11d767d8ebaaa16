package io.agentry.worker.agent;

import io.agentry.core.error.AgentryException;
import io.agentry.core.error.ErrorCode;
import io.agentry.core.llm.ModelCallException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Tells when a step goes round in circles. Pure: it looks only at the history it is given (what the
 * model said each turn and each tool call with its observation), so the same history always gives
 * the same verdict — on a resumed step too. Patterns, with the thresholds of {@link StepLimits}:
 *
 * <ul>
 *   <li>{@link Loop#REPEATED_ACTION}: the same action (tool and arguments) with the same
 *       observation, N times in a row (4)
 *   <li>{@link Loop#REPEATED_ERROR}: the same error from the same tool, N times in a row (3),
 *       whatever the arguments
 *   <li>{@link Loop#ALTERNATING}: two actions taking turns, A,B,A,B,A,B (3 cycles)
 *   <li>{@link Loop#REPEATED_MONOLOGUE}: the same assistant text N turns in a row (3)
 *   <li>{@link Loop#CONTEXT_WINDOW}: the model refuses the prompt as too long even after the
 *       conversation was condensed (decided by the loop, classified by {@link
 *       #isContextWindowError})
 * </ul>
 *
 * Observations are compared with digits and runs of white space normalised, so timings and counters
 * in otherwise identical output do not hide a loop.
 */
public final class StuckDetector {

  /** The loop patterns; the name is what {@code StuckDetected.pattern} records. */
  public enum Loop {
    REPEATED_ACTION("the same action with the same result repeated"),
    REPEATED_ERROR("the same error repeated"),
    ALTERNATING("two actions alternating without progress"),
    REPEATED_MONOLOGUE("the same message repeated"),
    CONTEXT_WINDOW("the conversation no longer fits the model's context window");

    private final String description;

    Loop(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** A verdict: the pattern and what exactly repeated. */
  public record Stuck(Loop pattern, String detail) {
    /** E.g. {@code stuck (REPEATED_ERROR): the same error repeated — run_tests failed 3 times…}. */
    public String reason() {
      return "stuck (" + pattern.name() + "): " + pattern.description() + " — " + detail;
    }
  }

  /** One entry of a step's history, in order. */
  public sealed interface Entry permits Monologue, Action {}

  /** The text of one model turn (blank when it only called tools). */
  public record Monologue(String text) implements Entry {}

  /** A tool call and its observation; {@code status} is a tool-result status name. */
  public record Action(String tool, String arguments, String status, String observation)
      implements Entry {
    boolean failed() {
      return !"OK".equals(status);
    }

    String signature() {
      return tool + " " + canonical(arguments) + " -> " + status + " " + normalise(observation);
    }
  }

  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final Pattern CONTEXT_MESSAGE =
      Pattern.compile(
          "context[ _-]?(length|window|size)|maximum context|too many tokens|prompt is too long"
              + "|token limit|reduce the length|input is too long|exceeds? the (model's )?max",
          Pattern.CASE_INSENSITIVE);
  private static final int DETAIL_CHARS = 200;

  private final StepLimits limits;

  public StuckDetector(StepLimits limits) {
    this.limits = limits;
  }

  /** The first pattern the end of {@code history} shows, if any. */
  public Optional<Stuck> check(List<Entry> history) {
    List<Action> actions = new ArrayList<>();
    List<Monologue> turns = new ArrayList<>();
    for (Entry entry : history) {
      if (entry instanceof Action action) {
        actions.add(action);
      } else if (entry instanceof Monologue monologue) {
        turns.add(monologue);
      }
    }
    return repeatedError(actions)
        .or(() -> repeatedAction(actions))
        .or(() -> alternating(actions))
        .or(() -> repeatedMonologue(turns));
  }

  /**
   * Whether a model failure says the prompt is longer than the model's window: an HTTP 400 or 413
   * (or a {@code MODEL_ERROR}) whose message mentions the context length or too many tokens.
   */
  public static boolean isContextWindowError(Throwable error) {
    if (error instanceof ModelCallException call) {
      boolean rejected =
          call.httpStatus() == 400
              || call.httpStatus() == 413
              || call.code() == ErrorCode.MODEL_ERROR;
      return rejected && mentionsContext(call.getMessage());
    }
    return error instanceof AgentryException known
        && known.code() == ErrorCode.MODEL_ERROR
        && mentionsContext(known.getMessage());
  }

  /** The verdict when the model still refuses the prompt as too long after condensation. */
  public static Stuck contextWindow(String providerMessage) {
    return new Stuck(
        Loop.CONTEXT_WINDOW,
        "the model still rejects the prompt as too long after condensation: "
            + abbreviate(providerMessage));
  }

  private Optional<Stuck> repeatedError(List<Action> actions) {
    int n = limits.sameErrorLimit();
    List<Action> last = last(actions, n);
    if (last == null || !last.stream().allMatch(Action::failed)) {
      return Optional.empty();
    }
    Action first = last.get(0);
    String error = first.tool() + " " + first.status() + " " + normalise(first.observation());
    for (Action action : last) {
      if (!error.equals(
          action.tool() + " " + action.status() + " " + normalise(action.observation()))) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new Stuck(
            Loop.REPEATED_ERROR,
            first.tool()
                + " failed "
                + n
                + " times in a row with: "
                + abbreviate(first.status() + ": " + first.observation())));
  }

  private Optional<Stuck> repeatedAction(List<Action> actions) {
    int n = limits.sameActionObservationLimit();
    List<Action> last = last(actions, n);
    if (last == null || last.stream().map(Action::signature).distinct().count() != 1) {
      return Optional.empty();
    }
    Action action = last.get(0);
    return Optional.of(
        new Stuck(
            Loop.REPEATED_ACTION,
            action.tool()
                + " "
                + abbreviate(action.arguments())
                + " was called "
                + n
                + " times in a row and returned the same each time"));
  }

  private Optional<Stuck> alternating(List<Action> actions) {
    int n = 2 * limits.alternatingCycles();
    List<Action> last = last(actions, n);
    if (last == null) {
      return Optional.empty();
    }
    String a = last.get(0).signature();
    String b = last.get(1).signature();
    if (a.equals(b)) {
      return Optional.empty();
    }
    for (int i = 0; i < n; i++) {
      if (!last.get(i).signature().equals(i % 2 == 0 ? a : b)) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new Stuck(
            Loop.ALTERNATING,
            describe(last.get(0))
                + " and "
                + describe(last.get(1))
                + " alternated "
                + limits.alternatingCycles()
                + " times"));
  }

  private Optional<Stuck> repeatedMonologue(List<Monologue> turns) {
    int n = limits.repeatedMonologueLimit();
    List<Monologue> last = last(turns, n);
    if (last == null) {
      return Optional.empty();
    }
    String text = normaliseSpace(last.get(0).text());
    if (text.isEmpty() || !last.stream().allMatch(m -> normaliseSpace(m.text()).equals(text))) {
      return Optional.empty();
    }
    return Optional.of(
        new Stuck(
            Loop.REPEATED_MONOLOGUE,
            "the model said \"" + abbreviate(text) + "\" " + n + " turns in a row"));
  }

  private static <T> List<T> last(List<T> items, int n) {
    return items.size() < n ? null : items.subList(items.size() - n, items.size());
  }

  private static String describe(Action action) {
    return action.tool() + " " + abbreviate(action.arguments());
  }

  private static boolean mentionsContext(String message) {
    return message != null && CONTEXT_MESSAGE.matcher(message).find();
  }

  static String normalise(String text) {
    return DIGITS.matcher(normaliseSpace(text)).replaceAll("#");
  }

  private static String normaliseSpace(String text) {
    return text == null ? "" : SPACE.matcher(text).replaceAll(" ").trim();
  }

  /** JSON arguments with keys sorted, so {@code {"a":1,"b":2}} equals {@code {"b":2,"a":1}}. */
  static String canonical(String arguments) {
    if (arguments == null) {
      return "";
    }
    try {
      return sorted(new JsonObject(arguments)).toString();
    } catch (DecodeException | ClassCastException e) {
      return normaliseSpace(arguments);
    }
  }

  private static Object sorted(Object value) {
    if (value instanceof JsonObject object) {
      Map<String, Object> map = new TreeMap<>();
      object.forEach(e -> map.put(e.getKey(), sorted(e.getValue())));
      return map;
    }
    if (value instanceof JsonArray array) {
      List<Object> list = new ArrayList<>();
      array.forEach(v -> list.add(sorted(v)));
      return list;
    }
    return value;
  }

  private static String abbreviate(String text) {
    String flat = normaliseSpace(text);
    return flat.length() <= DETAIL_CHARS ? flat : flat.substring(0, DETAIL_CHARS) + "…";
  }
}
