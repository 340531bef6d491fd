package org.concordat.broker.optout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.concordat.adapters.optout.CohortFile;
import org.concordat.adapters.optout.CohortMismatchException;
import org.concordat.adapters.optout.OptOutFileException;
import org.concordat.adapters.optout.OptOutFiles;
import org.concordat.broker.web.InvalidRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/opt-out/imports}: the result of a national data opt-out check, as the two files
 * the Check for National Data Opt-outs service deals in (the cohort submitted over MESH and the
 * file it returned), in one JSON body; {@code GET /api/opt-out/imports} lists past imports. IG and
 * admin only. The same as {@code concordat optout import}.
 */
@RestController
@RequestMapping("/api/opt-out/imports")
class OptOutController {
  private final OptOutImports imports;

  public OptOutController(OptOutImports imports) {
    this.imports = imports;
  }

  /** The two files: their names (for messages) and their text. */
  public record ImportRequest(
      @Nullable String submittedName,
      @Nullable String submitted,
      @Nullable String returnedName,
      @Nullable String returned) {}

  @PostMapping
  public ResponseEntity<OptOutImports.Summary> importCheck(
      @RequestBody ImportRequest request, Authentication who) {
    if (request.submitted() == null || request.returned() == null) {
      throw new InvalidRequest(
          "submitted and returned are required: the text of the cohort file sent to the service"
              + " and of the file it returned");
    }
    OptOutImports.Summary summary;
    try {
      CohortFile submitted = read(request.submitted(), name(request.submittedName(), "submitted"));
      CohortFile returned = read(request.returned(), name(request.returnedName(), "returned"));
      summary = imports.record(submitted, returned, who.getName());
    } catch (OptOutFileException e) {
      throw OptOutRefused.of(e);
    } catch (CohortMismatchException e) {
      throw OptOutRefused.of(e);
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .cacheControl(CacheControl.noStore())
        .body(summary);
  }

  @GetMapping
  public ResponseEntity<List<OptOutImportView>> list() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(imports.imports().stream().map(OptOutImportView::of).toList());
  }

  private static String name(@Nullable String given, String fallback) {
    return given == null || given.isBlank() ? fallback : given;
  }

  private static CohortFile read(String text, String name) {
    try {
      return OptOutFiles.read(
          new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
          name,
          OptOutImports.MAX_FILE_BYTES,
          OptOutImports.MAX_RECORDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
