package org.concordat.broker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The broker: with no command it serves; later issues add the command line to the same jar. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ConcordatApplication {

  public static void main(String[] args) {
    SpringApplication.run(ConcordatApplication.class, args);
  }
}
