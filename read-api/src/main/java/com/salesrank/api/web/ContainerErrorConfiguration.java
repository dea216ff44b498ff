package com.salesrank.api.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Errors outside Spring MVC's reach. Puts {@link ProblemReportValve} on Tomcat's host in place of the HTML
 * ErrorReportValve. The context is already attached to its host when context
 * customizers run, and the host is not started yet: naming our valve's class
 * as the host's error report valve and adding the instance makes the host
 * keep it instead of instantiating its own.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonContainerErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
                host.getPipeline().addValve(new ProblemReportValve());
            }
        });
    }

    /** First of all filters, so no other component decodes a path it would choke on. */
    @Bean
    FilterRegistrationBean<MalformedPathFilter> malformedPathFilter() {
        FilterRegistrationBean<MalformedPathFilter> registration = new FilterRegistrationBean<>(new MalformedPathFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<UnknownHealthPathFilter> unknownHealthPathFilter(
            ObjectProvider<HealthContributorRegistry> contributors, ObjectProvider<HealthEndpointGroups> groups) {
        FilterRegistrationBean<UnknownHealthPathFilter> registration =
                new FilterRegistrationBean<>(new UnknownHealthPathFilter(contributors, groups));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
