package org.concordat.protocols.consent;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a break-glass reason says anything a reviewer can judge. A grant overrides a person's
 * refusal, so "test", filler and phrases that announce a test of the system are refused; a reason
 * that merely mentions such a word among real content (e.g. "test results show sepsis") is not.
 *
 * <p>The rules, each a {@link Finding}: no letters at all; one character repeated; nothing but
 * placeholder words (any case, punctuation and spaces ignored, possibly repeated); a phrase that
 * says the grant is a test or is to be ignored; nothing but filler and test words once the filler
 * (articles, pronouns, "just", "system", "break glass"…) is set aside.
 */
public final class BreakGlassReasonPolicy {
  private BreakGlassReasonPolicy() {}

  /** What the policy found; {@link #ACCEPTABLE} is the only finding that lets a reason through. */
  public enum Finding {
    ACCEPTABLE(""),
    NO_LETTERS("it has no words"),
    ONE_CHARACTER_REPEATED("it is one character repeated"),
    PLACEHOLDER_WORDS("it is only a placeholder word"),
    TEST_PHRASE("it says the grant is a test, or is to be ignored"),
    ONLY_FILLER("once filler words are set aside it says only that this is a test");

    private final String explanation;

    Finding(String explanation) {
      this.explanation = explanation;
    }

    /** Why a reason with this finding is refused, as a clause ("it is …"); empty if acceptable. */
    public String explanation() {
      return explanation;
    }
  }

  /**
   * Words that are not a reason when they are all a reason says, compared case-insensitively with
   * punctuation and spaces removed ({@code N/A} is {@code na}, {@code Break-glass!} is {@code
   * breakglass}), also when repeated.
   */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("(test|testing|na|none|asdf|x+|emergency|breakglass)+");

  /**
   * Phrases that announce a test or filler, matched on the reason's words joined by single spaces
   * (lower case, punctuation removed), wherever they occur.
   */
  private static final Pattern TEST_PHRASES =
      Pattern.compile(
          "(^| )("
              + "(this|it) is (just |only |merely |simply )?(a |an )?(test|drill|demo)"
              + "|(just|only|merely) (a |an )?(test|testing|drill|demo)"
              + "|(a |an )?(test|testing|trial) (of|for) (the |this |our )?"
              + "(system|service|feature|function|functionality|process|button|access|break glass"
              + "|breakglass|override|workflow|app|application|software)"
              + "|testing (the |this |our )?(system|service|feature|function|functionality"
              + "|process|button|access|break glass|breakglass|override|workflow|app|application"
              + "|software)"
              + "|please ignore|ignore (this|me|it)|lorem ipsum|dummy (reason|text|data|entry)"
              + "|not a real (patient|person|emergency|case|reason)|no real reason"
              + ")( |$)");

  /** Words that say nothing on their own: set aside before looking at what is left. */
  private static final Set<String> FILLER =
      Set.of(
          "a",
          "an",
          "the",
          "this",
          "that",
          "it",
          "is",
          "was",
          "be",
          "am",
          "are",
          "i",
          "im",
          "we",
          "just",
          "only",
          "merely",
          "simply",
          "of",
          "for",
          "to",
          "on",
          "in",
          "and",
          "or",
          "please",
          "system",
          "service",
          "break",
          "glass",
          "breakglass",
          "emergency",
          "access",
          "function",
          "functionality",
          "feature",
          "button",
          "our",
          "my",
          "some",
          "reason",
          "reasons",
          "here",
          "now",
          "again",
          "out",
          "do",
          "doing",
          "did",
          "check",
          "checking",
          "try",
          "trying",
          "see",
          "if",
          "works",
          "working",
          "ok",
          "okay",
          "yes",
          "no",
          "na",
          "none",
          "etc",
          "app");

  /** Words that mark a test or a placeholder. */
  private static final Set<String> TEST_WORDS =
      Set.of(
          "test",
          "tests",
          "tested",
          "testing",
          "trial",
          "drill",
          "demo",
          "dummy",
          "sample",
          "placeholder",
          "asdf",
          "qwerty",
          "foo",
          "bar",
          "baz",
          "lorem",
          "ipsum",
          "blah",
          "xxx",
          "tbc",
          "tbd",
          "todo",
          "whatever",
          "ignore");

  /** The policy's finding for {@code reason} (compared after trimming). */
  public static Finding judge(String reason) {
    Objects.requireNonNull(reason, "reason");
    String lower = reason.strip().toLowerCase(Locale.ROOT);
    String compact = lower.replaceAll("[^\\p{L}\\p{N}]", "");
    if (compact.isEmpty() || compact.chars().noneMatch(Character::isLetter)) {
      return Finding.NO_LETTERS;
    }
    if (compact.chars().distinct().count() == 1) {
      return Finding.ONE_CHARACTER_REPEATED;
    }
    if (PLACEHOLDER.matcher(compact).matches()) {
      return Finding.PLACEHOLDER_WORDS;
    }
    // Apostrophes join a word ("I'm" is "im"); any other punctuation separates words.
    List<String> words =
        Arrays.stream(lower.replaceAll("['’]", "").split("[^\\p{L}\\p{N}]+"))
            .filter(w -> !w.isEmpty())
            .toList();
    if (TEST_PHRASES.matcher(String.join(" ", words)).find()) {
      return Finding.TEST_PHRASE;
    }
    List<String> content = words.stream().filter(w -> !FILLER.contains(w)).toList();
    if (content.isEmpty() || TEST_WORDS.containsAll(content)) {
      return Finding.ONLY_FILLER;
    }
    return Finding.ACCEPTABLE;
  }

  /** Whether {@code reason} says nothing a reviewer can judge. */
  public static boolean isPlaceholder(String reason) {
    return judge(reason) != Finding.ACCEPTABLE;
  }
}
