package com.salesrank.api.openapi;

import java.util.ArrayList;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpHeaders;

/**
 * An operation that declares a 304 answers conditional GETs (web.CachedPageResponses): it
 * takes If-None-Match, and its 200 and 304 carry ETag and Cache-Control. The controllers hide the
 * header from springdoc (or do not bind it at all), so it is declared here, once; and a 304 has no
 * body, where springdoc would give it the controller's return type.
 */
final class ConditionalGetDocumentation implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI document) {
        for (PathItem path : document.getPaths().values()) {
            for (Operation operation : path.readOperations()) {
                ApiResponse notModified = operation.getResponses().get("304");
                if (notModified == null) {
                    continue;
                }
                notModified.setContent(null);
                if (operation.getParameters() == null) {
                    operation.setParameters(new ArrayList<>());
                }
                if (operation.getParameters().stream()
                        .noneMatch(parameter -> HttpHeaders.IF_NONE_MATCH.equalsIgnoreCase(parameter.getName()))) {
                    operation.getParameters().add(new HeaderParameter().name(HttpHeaders.IF_NONE_MATCH)
                            .description("the ETag of an earlier answer: 304 without a body while it is still current")
                            .schema(new StringSchema()));
                }
                for (ApiResponse response : new ApiResponse[] {operation.getResponses().get("200"), notModified}) {
                    if (response != null) {
                        response.addHeaderObject(HttpHeaders.ETAG, new Header()
                                .description("names the run and the request; send it back as If-None-Match")
                                .schema(new StringSchema()));
                        response.addHeaderObject(HttpHeaders.CACHE_CONTROL, new Header()
                                .description("public, max-age until the next publish is due")
                                .schema(new StringSchema()));
                    }
                }
            }
        }
    }
}
