package com.salesrank.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ReadApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReadApiApplication.class, args);
    }
}
