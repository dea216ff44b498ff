package com.salesrank.api.openapi;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The document at /v3/api-docs as a client generator reads it: what springdoc cannot derive from
 * the controllers (the API's name, version and servers, that it needs no credentials), and the
 * rules every operation of this API follows (problem documents, conditional GET, fields always
 * present), applied once here rather than repeated on each controller. Which paths are published
 * is set in application.yml (springdoc.paths-to-match): /api/** only.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /**
     * The version of the API contract, not of the build (the paths carry its major version, /api/v1):
     * raise the minor version when operations or fields are added.
     */
    static final String API_VERSION = "1.0.0";

    static final String DESCRIPTION = """
            Weekly best sellers per category, read from the ranking the Hadoop job publishes: the full \
            ranking (every rank, hourly) and the head ranking (each category's top K, every 10 minutes).

            Public and read-only: no operation needs credentials.

            Every answer names the run it was read from. Answers carry an `ETag` and a `Cache-Control` \
            that lasts until the next publish is due; a request whose `If-None-Match` names the current \
            ETag gets `304 Not Modified`.

            Every error, whatever its status, is an RFC 9457 problem document (`application/problem+json`) \
            with a `detail` that says what to change; `type` names the problem.""";

    @Bean
    OpenAPI readApiDocument() {
        return new OpenAPI()
                .info(new Info().title("salesrank read API").version(API_VERSION).description(DESCRIPTION))
                // relative: the document is served by the API itself, behind whatever host and proxy
                // a deployment puts in front of it (springdoc would name the host the request came to)
                .servers(List.of(new Server().url("/").description("the host that serves this document")))
                // declared empty rather than left out: "no credentials needed", not "unspecified"
                .security(List.of())
                .tags(List.of(
                        new Tag().name(ApiTags.RANKINGS).description(
                                "The live rankings: a category's best sellers, a product's rank in every category"),
                        new Tag().name(ApiTags.HISTORY).description(
                                "Rankings over time: a product's rank hour by hour, a category's movers")));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return new ProblemResponses();
    }

    @Bean
    OpenApiCustomizer conditionalGetDocumentation() {
        return new ConditionalGetDocumentation();
    }

    @Bean
    OpenApiCustomizer alwaysPresentProperties() {
        return new AlwaysPresentProperties();
    }
}
