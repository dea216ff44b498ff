package com.salesrank.api.openapi;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.salesrank.api.web.InvalidParameterException;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Every error of this API is an RFC 9457 problem document (see web.ApiExceptionHandler and
 * web.ProblemErrorController). The controllers say which statuses an operation answers and why;
 * this gives each of those problem responses the one ProblemDetail schema (so a generated client
 * can read the body of its exception), the Retry-After of a 503, and adds the statuses no
 * controller names: 406 for an Accept header nothing satisfies, 500 for a failure that is a bug.
 */
final class ProblemResponses implements OpenApiCustomizer {

    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    static final String SCHEMA_NAME = "ProblemDetail";

    @Override
    public void customise(OpenAPI document) {
        document.getComponents().addSchemas(SCHEMA_NAME, problemDetail());
        for (PathItem path : document.getPaths().values()) {
            for (Operation operation : path.readOperations()) {
                operation.getResponses().forEach((status, response) -> {
                    MediaType problem = response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
                    if (problem != null) {
                        problem.setSchema(reference());
                    }
                    if ("503".equals(status)) {
                        response.addHeaderObject("Retry-After", new Header()
                                .description("seconds after which a retry may succeed")
                                .schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO)));
                    }
                });
                operation.getResponses().putIfAbsent("406", problemResponse(
                        "none of the media types in Accept can be produced (the API answers application/json, "
                                + "and application/problem+json for errors)"));
                operation.getResponses().putIfAbsent("500", problemResponse(
                        "an unexpected failure (never an outage, which is a 503); it has been logged"));
                operation.setResponses(byStatus(operation.getResponses()));
            }
        }
    }

    /** The responses in the order of their status codes, as a reader expects them. */
    private static ApiResponses byStatus(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(responses).forEach(sorted::addApiResponse);
        sorted.setExtensions(responses.getExtensions());
        return sorted;
    }

    private static ApiResponse problemResponse(String description) {
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(reference())));
    }

    private static Schema<?> reference() {
        return new Schema<>().$ref("#/components/schemas/" + SCHEMA_NAME);
    }

    private static Schema<?> problemDetail() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new StringSchema().format("uri-reference")._default("about:blank").description(
                "names the problem: a URN urn:salesrank:problem:NAME for the API's own problems "
                        + "(an invalid parameter, no ranking published yet, ...), about:blank for a plain HTTP error")
                .example("urn:salesrank:problem:invalid-parameter"));
        properties.put("title", new StringSchema().description("a short summary of the problem type")
                .example("Invalid request parameter"));
        properties.put("status", new IntegerSchema().minimum(java.math.BigDecimal.valueOf(400))
                .maximum(java.math.BigDecimal.valueOf(599)).description("the HTTP status").example(400));
        properties.put("detail", new StringSchema().description("what went wrong with this request, and what to change")
                .example("limit must be an integer from 1 to 100, got '500'"));
        properties.put("instance", new StringSchema().format("uri-reference").description("the request's path")
                .example("/api/v1/popular"));
        properties.put("parameter", new StringSchema()
                .description("invalid-parameter problems only: the name of the parameter").example("limit"));
        StringSchema reason = new StringSchema();
        reason.setEnum(Arrays.stream(InvalidParameterException.Reason.values())
                .map(InvalidParameterException.Reason::code).toList());
        properties.put("reason", reason.description("invalid-parameter problems only: why the parameter is invalid"));
        ObjectSchema schema = new ObjectSchema();
        schema.setProperties(properties);
        // no type when it is about:blank (Spring leaves the default out)
        schema.setRequired(List.of("title", "status", "detail"));
        schema.description("An RFC 9457 problem document (application/problem+json)");
        return schema;
    }
}
