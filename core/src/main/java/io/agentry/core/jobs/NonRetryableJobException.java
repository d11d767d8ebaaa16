package io.agentry.core.jobs;

/** Thrown by a job handler when trying the job again cannot help (bad input, missing data). */
public class NonRetryableJobException extends RuntimeException {
  public NonRetryableJobException(String message) {
    super(message);
  }
}
