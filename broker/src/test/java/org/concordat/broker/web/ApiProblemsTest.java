package org.concordat.broker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The answers under {@code /api} when something goes wrong: a feature's refusal as its problem, a
 * bare {@link IllegalArgumentException} as the bug it is (500, with the request's correlation id
 * and none of its text), and Spring's and Spring Security's own exceptions left to them.
 */
class ApiProblemsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Text an exception might carry that must never reach the caller or the log.
  private static final String SECRET = "NHS number 9434765919 in table subject_salt";

  private final MockMvc mvc =
      MockMvcBuilders.standaloneSetup(new FailingController())
          .setControllerAdvice(new ApiProblems(), new UnexpectedFailures())
          .addFilters(new RequestIds())
          .build();
  private final Logger log = (Logger) LoggerFactory.getLogger(UnexpectedFailures.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureTheLog() {
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void releaseTheLog() {
    log.detachAppender(logged);
  }

  @Test
  void answersAnUnexpectedExceptionWith500AndTheCorrelationIdOnly() throws Exception {
    MockHttpServletResponse response = mvc.perform(get("/api/bug")).andReturn().getResponse();

    assertThat(response.getStatus()).isEqualTo(500);
    String header = response.getHeader(RequestIds.HEADER);
    assertThat(header).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    JsonNode problem = JSON.readTree(response.getContentAsString());
    assertThat(problem.path("title").asText()).isEqualTo("Internal error");
    assertThat(problem.path("status").asInt()).isEqualTo(500);
    assertThat(problem.path("correlationId").asText()).isEqualTo(header);
    assertThat(problem.path("detail").asText()).contains(header);
    assertThat(response.getContentAsString())
        .doesNotContain("9434765919")
        .doesNotContain("subject_salt")
        .doesNotContain("IllegalArgumentException");
  }

  @Test
  void logsAnUnexpectedExceptionOnceWithItsCorrelationIdAndWithoutItsMessage() throws Exception {
    MockHttpServletResponse response = mvc.perform(get("/api/bug")).andReturn().getResponse();

    String id = response.getHeader(RequestIds.HEADER);
    assertThat(logged.list).hasSize(1);
    ILoggingEvent event = logged.list.get(0);
    assertThat(event.getLevel()).isEqualTo(Level.ERROR);
    assertThat(event.getFormattedMessage()).contains(id).contains("/api/bug");
    assertThat(event.getThrowableProxy()).isNotNull();
    assertThat(event.getThrowableProxy().getMessage())
        .contains(IllegalArgumentException.class.getName())
        .doesNotContain("9434765919");
  }

  @Test
  void givesEveryRequestItsOwnCorrelationId() throws Exception {
    String first = mvc.perform(get("/api/bug")).andReturn().getResponse().getHeader("X-Request-ID");
    String second =
        mvc.perform(get("/api/bug").header("X-Request-ID", "chosen-by-the-client"))
            .andReturn()
            .getResponse()
            .getHeader("X-Request-ID");

    assertThat(first).isNotEqualTo(second);
    assertThat(second).isNotEqualTo("chosen-by-the-client");
  }

  @Test
  void answersARefusalWithItsStatusTitleDetailAndProblems() throws Exception {
    MockHttpServletResponse response = mvc.perform(get("/api/refused")).andReturn().getResponse();

    assertThat(response.getStatus()).isEqualTo(409);
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonNode problem = JSON.readTree(response.getContentAsString());
    assertThat(problem.path("title").asText()).isEqualTo("Sample refused");
    assertThat(problem.path("detail").asText()).isEqualTo("First reason. Second reason.");
    assertThat(problem.path("problems").get(0).asText()).isEqualTo("First reason.");
    assertThat(problem.path("problems").get(1).asText()).isEqualTo("Second reason.");
    assertThat(logged.list).isEmpty();
  }

  @Test
  void answersInvalidInputWith400AndItsSentenceAlone() throws Exception {
    MockHttpServletResponse response = mvc.perform(get("/api/invalid")).andReturn().getResponse();

    assertThat(response.getStatus()).isEqualTo(400);
    JsonNode problem = JSON.readTree(response.getContentAsString());
    assertThat(problem.path("title").asText()).isEqualTo("Invalid request");
    assertThat(problem.path("detail").asText()).isEqualTo("from is not an ODS code");
    assertThat(problem.has("problems")).isFalse();
  }

  @Test
  void leavesSpringsOwnStatusesToSpring() throws Exception {
    MockHttpServletResponse response = mvc.perform(get("/api/gone")).andReturn().getResponse();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(logged.list).isEmpty();
  }

  @Test
  void leavesAccessDeniedToSpringSecurity() {
    assertThatThrownBy(() -> mvc.perform(get("/api/denied")))
        .hasRootCauseInstanceOf(AccessDeniedException.class);
    assertThat(logged.list).isEmpty();
  }

  @RestController
  static class FailingController {
    @GetMapping("/api/bug")
    String bug() {
      throw new IllegalArgumentException(SECRET);
    }

    @GetMapping("/api/refused")
    String refused() {
      throw new SampleRefused(List.of("First reason.", "Second reason."));
    }

    @GetMapping("/api/invalid")
    String invalid() {
      throw new InvalidRequest("from is not an ODS code");
    }

    @GetMapping("/api/gone")
    String gone() {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No checkpoint yet");
    }

    @GetMapping("/api/denied")
    String denied() {
      throw new AccessDeniedException("no");
    }
  }

  static final class SampleRefused extends RequestRefused {
    private static final long serialVersionUID = 1L;

    SampleRefused(List<String> problems) {
      super(problems);
    }

    @Override
    public int status() {
      return 409;
    }

    @Override
    public String title() {
      return "Sample refused";
    }
  }
}
