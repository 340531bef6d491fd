package org.concordat.broker.cli;

/**
 * Exit codes a script can use. {@link #NO} is a definite answer, not a failure: the protocol has
 * errors, is not active, or the decision is a deny.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int NO = 1;
  public static final int USAGE = 2;
  public static final int FAILURE = 3;

  private ExitCodes() {}
}
