package com.salesrank.api.web;

import org.apache.coyote.http11.Http11Nio2Protocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's NIO2 connector instead of its default NIO one. With NIO, a poller thread finds each
 * readable connection and hands it to a request thread, then takes it back to wait for the next
 * request: two thread hand-offs, with their wake-ups, per request. With NIO2 the thread the read
 * completes on runs the request itself. A cache hit is a few microseconds of work, so the
 * hand-offs' wake-ups are a measurable part of what it costs (scripts/bench-api.sh prints the
 * CPU per request).
 * Both are Tomcat's own, supported connectors; Spring Boot has no property for the choice,
 * so it is made here, the way its documentation customizes the factory.
 */
@Configuration(proxyBeanMethods = false)
class HttpConnectorConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> nio2Connector() {
        return factory -> factory.setProtocol(Http11Nio2Protocol.class.getName());
    }
}
