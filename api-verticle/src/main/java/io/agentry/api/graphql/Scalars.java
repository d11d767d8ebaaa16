package io.agentry.api.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The custom scalars of the schema: {@code DateTime}, {@code JSON} and {@code Long}. */
final class Scalars {

  private Scalars() {}

  static final GraphQLScalarType DATE_TIME =
      GraphQLScalarType.newScalar()
          .name("DateTime")
          .coercing(
              new Coercing<Instant, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                  if (value instanceof Instant instant) {
                    return instant.toString();
                  }
                  if (value instanceof OffsetDateTime time) {
                    return time.toInstant().toString();
                  }
                  throw new CoercingSerializeException("not an instant: " + value);
                }

                @Override
                public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
                  return parse(String.valueOf(input));
                }

                @Override
                public Instant parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  if (input instanceof StringValue s) {
                    return parse(s.getValue());
                  }
                  throw new CoercingParseLiteralException("DateTime must be an ISO-8601 string");
                }

                private Instant parse(String text) {
                  try {
                    return Instant.parse(text);
                  } catch (DateTimeParseException e) {
                    throw new CoercingParseValueException("not an ISO-8601 instant: " + text);
                  }
                }
              })
          .build();

  static final GraphQLScalarType JSON =
      GraphQLScalarType.newScalar()
          .name("JSON")
          .coercing(
              new Coercing<Object, Object>() {
                @Override
                public Object serialize(Object value, GraphQLContext context, Locale locale) {
                  return plain(value);
                }

                @Override
                public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                  return input;
                }

                @Override
                public Object parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  return literal(input, variables);
                }
              })
          .build();

  /** Output only (counts); inputs that need a number larger than Int do not exist yet. */
  static final GraphQLScalarType LONG =
      GraphQLScalarType.newScalar()
          .name("Long")
          .coercing(
              new Coercing<Long, Long>() {
                @Override
                public Long serialize(Object value, GraphQLContext context, Locale locale) {
                  if (value instanceof Number n) {
                    return n.longValue();
                  }
                  throw new CoercingSerializeException("not a number: " + value);
                }

                @Override
                public Long parseValue(Object input, GraphQLContext context, Locale locale) {
                  if (input instanceof Number n && n.doubleValue() == n.longValue()) {
                    return n.longValue();
                  }
                  throw new CoercingParseValueException("Long must be an integer: " + input);
                }

                @Override
                public Long parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  if (input instanceof IntValue i && i.getValue().bitLength() < 64) {
                    return i.getValue().longValue();
                  }
                  throw new CoercingParseLiteralException("Long must be a 64-bit integer");
                }
              })
          .build();

  /** Vert.x JSON types to plain maps and lists, which every JSON writer understands. */
  static Object plain(Object value) {
    if (value instanceof JsonObject object) {
      return object.getMap().entrySet().stream()
          .collect(
              LinkedHashMap::new, (m, e) -> m.put(e.getKey(), plain(e.getValue())), Map::putAll);
    }
    if (value instanceof JsonArray array) {
      List<Object> out = new ArrayList<>(array.size());
      array.forEach(item -> out.add(plain(item)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      return plain(new JsonObject(castMap(map)));
    }
    if (value instanceof List<?> list) {
      return plain(new JsonArray(new ArrayList<>(list)));
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static Object literal(Value<?> input, CoercedVariables variables) {
    if (input instanceof NullValue) {
      return null;
    }
    if (input instanceof StringValue s) {
      return s.getValue();
    }
    if (input instanceof BooleanValue b) {
      return b.isValue();
    }
    if (input instanceof IntValue i) {
      return i.getValue();
    }
    if (input instanceof FloatValue f) {
      return f.getValue();
    }
    if (input instanceof VariableReference ref) {
      return variables.get(ref.getName());
    }
    if (input instanceof ArrayValue array) {
      List<Object> out = new ArrayList<>();
      array.getValues().forEach(v -> out.add(literal(v, variables)));
      return out;
    }
    if (input instanceof ObjectValue object) {
      Map<String, Object> out = new LinkedHashMap<>();
      object.getObjectFields().forEach(f -> out.put(f.getName(), literal(f.getValue(), variables)));
      return out;
    }
    throw new CoercingParseLiteralException("not a JSON value: " + input);
  }
}
