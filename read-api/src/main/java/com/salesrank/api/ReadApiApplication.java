package com.salesrank.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;

// No auto-configured DataSource: the replica router owns one pool per database
// and picks the target itself (see replica.ReplicaRouter).
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class ReadApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReadApiApplication.class, args);
    }
}
