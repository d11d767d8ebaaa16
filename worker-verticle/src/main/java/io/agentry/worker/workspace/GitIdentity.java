package io.agentry.worker.workspace;

/** Author and committer of workspace commits, set explicitly (never read from a git config). */
public record GitIdentity(String name, String email) {

  public static GitIdentity of(String agentId) {
    return new GitIdentity("agentry/" + agentId, agentId + "@agentry.invalid");
  }
}
