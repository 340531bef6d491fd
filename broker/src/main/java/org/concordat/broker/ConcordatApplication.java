package org.concordat.broker;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.concordat.broker.cli.ConcordatCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The broker jar: with no command (or {@code serve}) it serves; with a command ({@code protocol
 * validate FILE}, ...) it runs that command without starting the service and exits with its code.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ConcordatApplication {

  public static void main(String[] args) {
    if (ConcordatCommand.isCommand(args)) {
      // Before any logger exists: a command prints its result on standard output and nothing else.
      System.setProperty("logback.configurationFile", ConcordatCommand.LOGGING_CONFIGURATION);
      int code =
          ConcordatCommand.run(
              args,
              new PrintWriter(System.out, true, StandardCharsets.UTF_8),
              new PrintWriter(System.err, true, StandardCharsets.UTF_8));
      System.exit(code);
    }
    String[] serveArgs =
        args.length > 0 && args[0].equals("serve")
            ? java.util.Arrays.copyOfRange(args, 1, args.length)
            : args;
    SpringApplication.run(ConcordatApplication.class, serveArgs);
  }
}
