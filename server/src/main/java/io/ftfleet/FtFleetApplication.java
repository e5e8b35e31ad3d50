package io.ftfleet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** FT Fleet: one server that starts, supervises and controls a fleet of Freqtrade bots. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FtFleetApplication {

    public static void main(String[] args) {
        SpringApplication.run(FtFleetApplication.class, args);
    }
}
