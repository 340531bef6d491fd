package org.concordat.benchmarks;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.consent.ConsentPort;
import org.concordat.protocols.consent.OptOutStatus;
import org.concordat.protocols.consent.SubjectConsent;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionEngine;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.decision.Requester;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
import org.concordat.protocols.sharing.PurposeCode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Decisions per second for a partnership scaled to 10 parties, 60 flows and 1,000,000 people, of
 * whom 100,000 have consent directives (an in-memory consent port over a HashMap, prepared in
 * setup). Goal: at least 1,000,000 decisions/s on one core.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -w 2s -i 3 -r 3s -t 1
 * DecisionBenchmark}
 */
@State(Scope.Thread)
// The consent map of a million people does not fit in cache: each decision's look-up is a few
// cache and TLB misses. Pre-touched transparent huge pages and the parallel collector keep the
// measurement about the engine and that look-up rather than page faults and GC barriers.
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms4g",
      "-Xmx4g",
      "-XX:+AlwaysPreTouch",
      "-XX:+UseTransparentHugePages",
      "-XX:+UseParallelGC"
    })
@Threads(1)
public class DecisionBenchmark {
  static final int PARTIES = 10;
  static final int FLOWS = 60;
  static final int PEOPLE = 1_000_000;
  static final int PEOPLE_WITH_DIRECTIVES = 100_000;
  static final int REQUESTS = 1 << 16;
  static final List<String> PURPOSES =
      List.of(
          "direct-care",
          "cpa-care-planning",
          "s117-aftercare",
          "safeguarding",
          "housing-support",
          "pooled-budget-reporting");
  static final List<String> CATEGORIES =
      List.of(
          "demographics",
          "contacts",
          "encounter",
          "diagnoses",
          "medications",
          "mental-health-act-status",
          "care-plan",
          "social-care-assessment",
          "housing",
          "benefits",
          "risk",
          "safeguarding-concerns");

  private DecisionEngine engine;
  private DecisionEngine engineWithoutConsent;
  private DecisionEngine engineWithNothingRecorded;
  private DecisionRequest[] requests;
  private DecisionRequest[] anonymousRequests;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    Random random = new Random(20260301L);
    List<String> ods = new ArrayList<>();
    for (int i = 1; i <= PARTIES; i++) {
      ods.add(String.format("PTY%03d", i));
    }
    List<Flow> flows = new ArrayList<>();
    Set<List<String>> routes = new HashSet<>();
    while (flows.size() < FLOWS) {
      String from = ods.get(random.nextInt(PARTIES));
      String to = ods.get(random.nextInt(PARTIES));
      String purpose = PURPOSES.get(random.nextInt(PURPOSES.size()));
      if (from.equals(to) || !routes.add(List.of(from, to, purpose))) {
        continue;
      }
      Set<CategoryCode> categories = new HashSet<>();
      int n = 2 + random.nextInt(5);
      while (categories.size() < n) {
        categories.add(CategoryCode.of(CATEGORIES.get(random.nextInt(CATEGORIES.size()))));
      }
      flows.add(new Flow(OdsCode.of(from), OdsCode.of(to), PurposeCode.of(purpose), categories));
    }
    Protocol protocol = ProtocolReader.read("scaled.yaml", yaml(ods, flows));

    // One million people; every tenth has directives (a housing permit, a category refusal, an
    // outright refusal of one purpose, or a national data opt-out).
    String[] people = new String[PEOPLE];
    HexFormat hex = HexFormat.of();
    byte[] bytes = new byte[32];
    for (int i = 0; i < PEOPLE; i++) {
      random.nextBytes(bytes);
      people[i] = hex.formatHex(bytes);
    }
    Map<String, SubjectConsent> consents = new HashMap<>(PEOPLE_WITH_DIRECTIVES * 2);
    for (int i = 0; i < PEOPLE_WITH_DIRECTIVES; i++) {
      String person = people[i * (PEOPLE / PEOPLE_WITH_DIRECTIVES)];
      List<ConsentDirective> directives = new ArrayList<>();
      directives.add(
          new ConsentDirective(
              "Consent/" + i + "-1",
              ConsentDirective.Kind.PERMIT,
              Set.of(PurposeCode.of("housing-support")),
              Set.of(),
              Set.of(),
              Instant.parse("2026-01-15T00:00:00Z"),
              null));
      if (i % 3 == 0) {
        directives.add(
            new ConsentDirective(
                "Consent/" + i + "-2",
                ConsentDirective.Kind.DENY,
                Set.of(),
                Set.of(),
                Set.of(CategoryCode.of(CATEGORIES.get(i % CATEGORIES.size()))),
                null,
                null));
      }
      if (i % 7 == 0) {
        directives.add(
            new ConsentDirective(
                "Consent/" + i + "-3",
                ConsentDirective.Kind.DENY,
                Set.of(PurposeCode.of(PURPOSES.get(i % PURPOSES.size()))),
                Set.of(),
                Set.of(),
                null,
                null));
      }
      consents.put(
          person,
          new SubjectConsent(
              directives, i % 11 == 0 ? OptOutStatus.OPTED_OUT : OptOutStatus.NOT_OPTED_OUT));
    }
    ConsentPort port = key -> consents.getOrDefault(key, SubjectConsent.NONE);
    engine = new DecisionEngine(protocol, Map.of(), port);
    engineWithoutConsent = new DecisionEngine(protocol);
    // The same requests, each person known and checked against the opt-out, with no directives:
    // the engine walks the same rules without a look-up among 100,000 people or their directives.
    SubjectConsent nothingRecorded = new SubjectConsent(List.of(), OptOutStatus.NOT_OPTED_OUT);
    engineWithNothingRecorded = new DecisionEngine(protocol, Map.of(), key -> nothingRecorded);

    // Requests: 90% along an agreed flow (some asking for one category too many), 10% not.
    Instant at = Instant.parse("2026-03-02T10:15:30Z");
    requests = new DecisionRequest[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      String person = people[random.nextInt(PEOPLE)];
      if (i % 2 == 0) {
        person = people[random.nextInt(PEOPLE_WITH_DIRECTIVES) * (PEOPLE / PEOPLE_WITH_DIRECTIVES)];
      }
      if (random.nextInt(10) == 0) {
        requests[i] =
            new DecisionRequest(
                OdsCode.of(ods.get(random.nextInt(PARTIES))),
                OdsCode.of(ods.get(random.nextInt(PARTIES))),
                PurposeCode.of(PURPOSES.get(random.nextInt(PURPOSES.size()))),
                Set.of(CategoryCode.of("demographics")),
                at,
                Requester.system(OdsCode.of(ods.get(0))),
                person);
        continue;
      }
      Flow flow = flows.get(random.nextInt(FLOWS));
      Set<CategoryCode> requested = new HashSet<>(flow.categories());
      if (random.nextInt(4) == 0) {
        requested.add(CategoryCode.of(CATEGORIES.get(random.nextInt(CATEGORIES.size()))));
      }
      requests[i] =
          new DecisionRequest(
              flow.from(),
              flow.to(),
              flow.purpose(),
              Set.copyOf(requested),
              at,
              Requester.system(flow.from()),
              person);
    }
    anonymousRequests = anonymous(requests);
  }

  private static DecisionRequest[] anonymous(DecisionRequest[] requests) {
    DecisionRequest[] anonymous = new DecisionRequest[requests.length];
    for (int i = 0; i < requests.length; i++) {
      DecisionRequest r = requests[i];
      anonymous[i] =
          new DecisionRequest(
              r.sender(), r.recipient(), r.purpose(), r.requestedCategories(), r.at());
    }
    return anonymous;
  }

  private static String yaml(List<String> ods, List<Flow> flows) throws GeneralSecurityException {
    StringBuilder out =
        new StringBuilder(
            "id: scaled-partnership\nversion: \"1.0.0\"\ntitle: Scaled benchmark partnership"
                + " (fictional)\nvalid-from: 2026-01-01\nreview-date: 2027-06-30\nretention:"
                + " P8Y\nparties:\n");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    for (String party : ods) {
      byte[] x509 = generator.generateKeyPair().getPublic().getEncoded();
      byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
      out.append("  - ods: ")
          .append(party)
          .append("\n    name: Party ")
          .append(party)
          .append(" (fictional)\n    kind: other\n    role: partner\n    signing-keys: [\"")
          .append(VerifierKey.format(party.toLowerCase() + ".bench/protocol", raw))
          .append("\"]\n");
    }
    out.append("purposes:\n");
    for (String purpose : PURPOSES) {
      out.append("  - code: ").append(purpose).append("\n    description: ").append(purpose);
      switch (purpose) {
        case "housing-support" ->
            out.append(
                "\n    healthcare: false\n    legal-basis: {article-6: \"6(1)(a)\", article-9:"
                    + " \"9(2)(a)\"}\n    explicit-consent: required\n");
        case "safeguarding" ->
            out.append(
                "\n    healthcare: true\n    legal-basis: {article-6: \"6(1)(e)\", article-9:"
                    + " \"9(2)(g)\", statutory-power: Care Act 2014 s42}\n    explicit-consent:"
                    + " not-required\n    consent-override: {may-proceed-despite-refusal: true,"
                    + " justification: Section 42 enquiry.}\n");
        case "pooled-budget-reporting" ->
            out.append(
                "\n    healthcare: true\n    secondary-use: true\n    legal-basis: {article-6:"
                    + " \"6(1)(e)\", article-9: \"9(2)(h)\", statutory-power: NHS Act 2006"
                    + " s75}\n    explicit-consent: not-required\n    national-data-opt-out:"
                    + " applies\n");
        default ->
            out.append(
                "\n    healthcare: true\n    legal-basis: {article-6: \"6(1)(e)\", article-9:"
                    + " \"9(2)(h)\"}\n    explicit-consent: not-required\n");
      }
    }
    out.append("categories:\n");
    for (String category : CATEGORIES) {
      out.append("  - code: ")
          .append(category)
          .append("\n    description: ")
          .append(category)
          .append("\n    local: {bench-csv: [")
          .append(category.replace('-', '_'))
          .append("]}\n    responsible: shared\n");
    }
    out.append("flows:\n");
    for (Flow flow : flows) {
      out.append("  - {from: ")
          .append(flow.from())
          .append(", to: ")
          .append(flow.to())
          .append(", purpose: ")
          .append(flow.purpose())
          .append(", categories: [");
      List<String> names = new ArrayList<>();
      flow.categories().forEach(c -> names.add(c.value()));
      names.sort(null);
      out.append(String.join(", ", names)).append("]}\n");
    }
    return out.toString();
  }

  private DecisionRequest nextRequest() {
    DecisionRequest request = requests[next];
    next = (next + 1) & (REQUESTS - 1);
    return request;
  }

  /** Decisions per second on one thread. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Decision decisionsPerSecond() {
    return engine.decide(nextRequest());
  }

  /**
   * Baseline for the above: the same requests without a subject, so no consent is looked up. The
   * difference is the cost of finding one person among a million in the consent port's map (cache
   * misses), not the engine's rules.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Decision decisionsPerSecondWithoutConsentLookup() {
    DecisionRequest request = anonymousRequests[next];
    next = (next + 1) & (REQUESTS - 1);
    return engineWithoutConsent.decide(request);
  }

  /**
   * Baseline with the same requests (subjects included) and an engine whose consent port knows
   * nothing about anyone beyond a clear opt-out check: the difference to {@link
   * #decisionsPerSecond} is what finding a person among 100,000 and applying their directives
   * costs.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Decision decisionsPerSecondWithNothingRecorded() {
    return engineWithNothingRecorded.decide(nextRequest());
  }

  /** The latency distribution of one decision (p99 in the report). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Decision decisionLatency() {
    return engine.decide(nextRequest());
  }
}
