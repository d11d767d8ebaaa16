package io.agentry.core.auth;

/** A key just created, with its token: the only time the token exists outside its holder. */
public record IssuedKey(ApiKey key, String token) {

  @Override
  public String toString() {
    return "IssuedKey[" + key + ", token=<hidden>]";
  }
}
