package com.salesrank.api.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ops port: a second Tomcat connector (Boot's documented way to listen on more than one port)
 * that only /ops is reserved for. The public port answers /ops with the same 404 as any unknown
 * path, and the compose nginx routes nothing but the public paths.
 *
 * <p>Why not management.server.port: that moves every /actuator endpoint off the public port, and
 * with it the health checks, the Prometheus scrape and the problem-document handling the scripts, the
 * compose file and the tests rely on, for a page that needs none of the actuator's machinery.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpsProperties.class)
class OpsPort {

    /** The ops connector, or null when no ops port is configured. */
    private final Connector connector;

    OpsPort(OpsProperties properties) {
        this.connector = properties.port() == null ? null : connector(properties);
    }

    private static Connector connector(OpsProperties properties) {
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(properties.port());
        try {
            connector.setProperty("address", InetAddress.getByName(properties.address()).getHostAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("salesrank.ops.address: unknown host " + properties.address(), e);
        }
        return connector;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> opsConnector() {
        return factory -> {
            if (connector != null) {
                factory.addAdditionalConnectors(connector);
            }
        };
    }

    @Bean
    OpsPortCheck opsPortCheck() {
        return new OpsPortCheck(connector);
    }

    /** Tells whether a request came in on the ops port. */
    static final class OpsPortCheck {

        private final Connector connector;

        OpsPortCheck(Connector connector) {
            this.connector = connector;
        }

        boolean cameThroughOpsPort(HttpServletRequest request) {
            return connector != null && connector.getLocalPort() > 0 && request.getLocalPort() == connector.getLocalPort();
        }

        /** The port the ops connector listens on, or -1 when there is none (or it has not started). */
        int localPort() {
            return connector == null ? -1 : connector.getLocalPort();
        }
    }
}
