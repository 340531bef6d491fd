package org.concordat.broker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.concordat.adapters.crypto.BouncyCastleEd25519Signer;
import org.concordat.adapters.crypto.BouncyCastleEd25519Verifier;
import org.concordat.adapters.crypto.Ed25519KeyPair;
import org.concordat.adapters.crypto.Ed25519Keys;
import org.concordat.broker.agreement.DecisionView;
import org.concordat.broker.agreement.ProtocolRegistry;
import org.concordat.protocols.agreement.ActivationStatus;
import org.concordat.protocols.agreement.InForceRule;
import org.concordat.protocols.agreement.PartySignatureStatus;
import org.concordat.protocols.agreement.ProtocolSignature;
import org.concordat.protocols.agreement.ProtocolSignatures;
import org.concordat.protocols.agreement.ProtocolSigning;
import org.concordat.protocols.agreement.RejoinSignature;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionEngine;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.InvalidProtocolException;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolChange;
import org.concordat.protocols.sharing.ProtocolCheck;
import org.concordat.protocols.sharing.ProtocolDiff;
import org.concordat.protocols.sharing.ProtocolProblem;
import org.concordat.protocols.sharing.ProtocolReader;
import org.concordat.protocols.sharing.PurposeCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code protocol validate|sign|verify|diff|explain}: work with sharing protocol files. */
@Command(
    name = "protocol",
    mixinStandardHelpOptions = true,
    description = "Validate, explain and sign sharing protocols.",
    subcommands = {
      ProtocolCommand.Validate.class,
      ProtocolCommand.Sign.class,
      ProtocolCommand.Verify.class,
      ProtocolCommand.Diff.class,
      ProtocolCommand.Explain.class
    })
final class ProtocolCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads a protocol, printing every problem as file:line:column: sentence. */
  static Protocol readOrReport(Path file, PrintWriter err) throws ProtocolRejected {
    try {
      return ProtocolReader.read(file);
    } catch (InvalidProtocolException e) {
      for (ProtocolProblem problem : e.problems()) {
        err.println(problem);
      }
      throw new ProtocolRejected(e.problems().size());
    }
  }

  /** Signals that a protocol had errors (already printed). */
  static final class ProtocolRejected extends Exception {
    private static final long serialVersionUID = 1L;

    ProtocolRejected(int problems) {
      super(problems + " problem(s)");
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description =
          "Check a protocol file and report every problem (errors and warnings) with file, line"
              + " and column.")
  static final class Validate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the protocol.yaml to check")
    Path file;

    @Option(
        names = "--today",
        description = "the date review dates are checked against (default: today)")
    LocalDate today = LocalDate.now(Protocol.PARTNERSHIP_ZONE);

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ProtocolCheck check = ProtocolReader.check(file, today);
      check.problems().forEach(err::println);
      Protocol protocol = check.protocol();
      if (check.hasErrors() || protocol == null) {
        err.println(
            file
                + ": "
                + check.errors().size()
                + " error(s), "
                + check.warnings().size()
                + " warning(s)");
        return ExitCodes.NO;
      }
      out.println(
          file
              + ": "
              + protocol.ref().id()
              + " "
              + protocol.ref().version()
              + " is valid (sha256 "
              + protocol.ref().sha256()
              + ")"
              + (check.warnings().isEmpty() ? "" : ", " + check.warnings().size() + " warning(s)"));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description =
          "Sign the protocol's canonical form as one party, with one of the signing keys the"
              + " protocol declares for it; the signature is added to (or replaces the party's"
              + " one in) protocol.signatures.json beside the file.")
  static final class Sign implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the protocol.yaml to sign")
    Path file;

    @Option(
        names = "--key",
        required = true,
        description = "the party's Ed25519 private key (PKCS#8 PEM)")
    Path key;

    @Option(names = "--party", required = true, description = "the signing party's ODS code")
    String party;

    @Option(
        names = "--rejoin-after",
        paramLabel = "INDEX",
        description =
            "for a party that withdrew: sign the rejoin statement naming its withdrawal (the ledger"
                + " index of its protocol-withdrawn entry) and print the signature as JSON for POST"
                + " /api/protocol/signatures, instead of changing protocol.signatures.json")
    Long rejoinAfter;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      Protocol protocol;
      try {
        protocol = readOrReport(file, err);
      } catch (ProtocolRejected e) {
        err.println(file + ": " + e.getMessage() + "; fix them before signing");
        return ExitCodes.NO;
      }
      OdsCode signer = OdsCode.of(party);
      Ed25519KeyPair pair = Ed25519Keys.readPrivateKey(key);
      Optional<VerifierKey> declared =
          protocol.party(signer).stream()
              .flatMap(p -> p.signingKeys().stream())
              .filter(k -> k.hasPublicKey(pair.publicKey()))
              .findFirst();
      if (declared.isEmpty()) {
        err.println(
            key
                + " is not one of the signing keys protocol "
                + protocol.ref().id()
                + " declares for "
                + signer);
        return ExitCodes.NO;
      }
      if (rejoinAfter != null) {
        RejoinSignature rejoin =
            RejoinSignature.sign(
                protocol,
                signer,
                rejoinAfter,
                new BouncyCastleEd25519Signer(declared.get().name(), pair));
        com.fasterxml.jackson.databind.node.ObjectNode json =
            new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        json.put("party", rejoin.party().value());
        json.put("key", rejoin.key().text());
        json.put("protocol-sha256", rejoin.protocolSha256());
        json.put("withdrawal-index", rejoin.withdrawalIndex());
        json.put("signature", rejoin.signature());
        spec.commandLine().getOut().println(json.toString());
        return ExitCodes.OK;
      }
      ProtocolSignature signature =
          ProtocolSigning.sign(
              protocol, signer, new BouncyCastleEd25519Signer(declared.get().name(), pair));
      Path signaturesFile = file.resolveSibling(ProtocolRegistry.SIGNATURES_FILE);
      List<ProtocolSignature> signatures = new ArrayList<>();
      for (ProtocolSignature existing : ProtocolRegistry.signaturesBeside(file)) {
        // Keep the party's signatures over other versions: the version in force must stay
        // signed until the new one is signed by every party.
        if (!existing.party().equals(signer)
            || !existing.protocolSha256().equals(protocol.ref().sha256())) {
          signatures.add(existing);
        }
      }
      signatures.add(signature);
      Files.writeString(signaturesFile, ProtocolSignatures.write(signatures));
      long signedThisVersion =
          signatures.stream()
              .filter(s -> s.protocolSha256().equals(protocol.ref().sha256()))
              .count();
      spec.commandLine()
          .getOut()
          .println(
              signer
                  + " signed "
                  + protocol.ref().id()
                  + " "
                  + protocol.ref().version()
                  + " (sha256 "
                  + protocol.ref().sha256()
                  + "); "
                  + signedThisVersion
                  + " of "
                  + protocol.parties().size()
                  + " parties have signed this version");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Check every party's signature in protocol.signatures.json over this exact protocol and"
              + " say whether it is in force, and why not. (Suspensions recorded by a running"
              + " broker are not seen here: GET /api/protocol shows them.)")
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the protocol.yaml to verify")
    Path file;

    @Option(names = "--at", description = "the time to judge validity at (default: now)")
    Instant at = Instant.now();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Protocol protocol;
      try {
        protocol = readOrReport(file, err);
      } catch (ProtocolRejected e) {
        err.println(file + ": " + e.getMessage());
        return ExitCodes.NO;
      }
      ActivationStatus status =
          ProtocolRegistry.activation(
              protocol, file, Map.of(), at, BouncyCastleEd25519Verifier::new);
      out.println(
          protocol.ref().id()
              + " "
              + protocol.ref().version()
              + " (sha256 "
              + protocol.ref().sha256()
              + ") is "
              + (status.isActive() ? "IN FORCE" : "NOT IN FORCE"));
      for (PartySignatureStatus party : status.parties()) {
        out.println("  " + party.party() + " " + party.state() + ": " + party.detail());
      }
      if (status instanceof ActivationStatus.Inactive inactive) {
        inactive.reasons().forEach(r -> out.println("  [" + r.code() + "] " + r.text()));
      }
      status.warnings().forEach(w -> out.println("  warning [" + w.code() + "] " + w.text()));
      return status.isActive() ? ExitCodes.OK : ExitCodes.NO;
    }
  }

  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = "What changed between two versions of a protocol, in terms a reviewer reads.")
  static final class Diff implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "the earlier protocol.yaml")
    Path older;

    @Parameters(index = "1", paramLabel = "NEW", description = "the later protocol.yaml")
    Path newer;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        Protocol before = readOrReport(older, err);
        Protocol after = readOrReport(newer, err);
        List<ProtocolChange> changes = ProtocolDiff.between(before, after);
        out.println(
            before.ref().id()
                + " "
                + before.ref().version()
                + " -> "
                + after.ref().version()
                + ": "
                + (changes.isEmpty() ? "no changes" : changes.size() + " change(s)"));
        changes.forEach(change -> out.println("  " + change.describe()));
        return ExitCodes.OK;
      } catch (ProtocolRejected e) {
        err.println(e.getMessage());
        return ExitCodes.NO;
      }
    }
  }

  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      description =
          "Dry-run a decision: may FROM disclose these categories to TO for PURPOSE? Nothing is"
              + " disclosed or recorded.")
  static final class Explain implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the protocol.yaml to decide under")
    Path file;

    @Option(names = "--from", required = true, description = "sender ODS code")
    String from;

    @Option(names = "--to", required = true, description = "recipient ODS code")
    String to;

    @Option(names = "--purpose", required = true, description = "purpose code")
    String purpose;

    @Option(
        names = "--category",
        description = "requested category (repeat); default: every category of the protocol")
    List<String> categories = List.of();

    @Option(
        names = "--at",
        description =
            "decision time, ISO-8601 (e.g. 2026-03-01T10:00:00Z); the protocol must be in force"
                + " then; default: now")
    Instant at = Instant.now();

    @Option(
        names = "--draft",
        description =
            "decide as if the protocol were in force, to explore a draft before every party has"
                + " signed it (a warning says so)")
    boolean draft;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        Protocol protocol = readOrReport(file, err);
        Set<CategoryCode> requested = new LinkedHashSet<>();
        if (categories.isEmpty()) {
          protocol.categories().forEach(c -> requested.add(c.code()));
        } else {
          categories.forEach(c -> requested.add(CategoryCode.of(c)));
        }
        DecisionRequest request =
            new DecisionRequest(
                OdsCode.of(from), OdsCode.of(to), PurposeCode.of(purpose), requested, at);
        DecisionEngine engine = new DecisionEngine(protocol);
        Decision decision;
        if (draft) {
          err.println(
              "warning: --draft: deciding as if "
                  + protocol.ref().id()
                  + " "
                  + protocol.ref().version()
                  + " were in force, whatever its signatures say; the broker would not");
          decision = engine.decide(request);
        } else {
          ActivationStatus status =
              ProtocolRegistry.activation(
                  protocol, file, Map.of(), at, BouncyCastleEd25519Verifier::new);
          decision = InForceRule.decide(status, engine, request);
        }
        DecisionView.of(decision).lines().forEach(out::println);
        return decision instanceof Decision.Deny ? ExitCodes.NO : ExitCodes.OK;
      } catch (ProtocolRejected e) {
        err.println(file + ": " + e.getMessage());
        return ExitCodes.NO;
      } catch (InvalidProtocolException e) {
        // The signatures file beside the protocol is malformed.
        e.problems().forEach(err::println);
        return ExitCodes.NO;
      } catch (IllegalArgumentException e) {
        err.println("concordat: " + e.getMessage());
        return ExitCodes.USAGE;
      }
    }
  }
}
