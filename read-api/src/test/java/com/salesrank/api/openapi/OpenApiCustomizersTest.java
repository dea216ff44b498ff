package com.salesrank.api.openapi;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules the customizers apply to what springdoc derives from the controllers. */
class OpenApiCustomizersTest {

    static Operation cachedGet() {
        ApiResponses responses = new ApiResponses();
        responses.addApiResponse("503", new ApiResponse().description("unavailable")
                .content(new Content().addMediaType("application/problem+json", new MediaType())));
        responses.addApiResponse("200", new ApiResponse().description("ok")
                .content(new Content().addMediaType("application/json", new MediaType().schema(new ObjectSchema()))));
        responses.addApiResponse("304", new ApiResponse().description("not modified")
                .content(new Content().addMediaType("*/*", new MediaType().schema(new StringSchema().format("byte")))));
        responses.addApiResponse("400", new ApiResponse().description("bad parameter")
                .content(new Content().addMediaType("application/problem+json", new MediaType())));
        return new Operation().operationId("getThing").responses(responses)
                .parameters(new java.util.ArrayList<>(List.of(new QueryParameter().name("category_id"))));
    }

    static OpenAPI documentWith(Operation operation) {
        return new OpenAPI().components(new Components())
                .paths(new Paths().addPathItem("/api/v1/thing", new PathItem().get(operation)));
    }

    @Test
    void everyProblemResponseGetsTheProblemDetailSchemaAnd406And500AreAddedInStatusOrder() {
        Operation operation = cachedGet();
        OpenAPI document = documentWith(operation);

        new ProblemResponses().customise(document);

        ApiResponses responses = document.getPaths().get("/api/v1/thing").getGet().getResponses();
        assertThat(responses.keySet()).containsExactly("200", "304", "400", "406", "500", "503");
        for (String status : List.of("400", "406", "500", "503")) {
            assertThat(responses.get(status).getContent().get("application/problem+json").getSchema().get$ref())
                    .as(status).isEqualTo("#/components/schemas/ProblemDetail");
        }
        assertThat(responses.get("200").getContent().get("application/json").getSchema().get$ref()).isNull();
        assertThat(responses.get("503").getHeaders()).containsOnlyKeys("Retry-After");
        assertThat(responses.get("400").getHeaders()).isNull();
        assertThat(responses.get("400").getDescription()).isEqualTo("bad parameter");
    }

    @Test
    void theProblemDetailSchemaHasTheMembersEveryProblemCarriesAndTheInvalidParameterReasons() {
        OpenAPI document = documentWith(cachedGet());

        new ProblemResponses().customise(document);

        Schema<?> problem = document.getComponents().getSchemas().get("ProblemDetail");
        assertThat(problem.getProperties()).containsOnlyKeys("type", "title", "status", "detail", "instance",
                "parameter", "reason");
        assertThat(problem.getRequired()).containsExactlyInAnyOrder("title", "status", "detail");
        assertThat(problem.getProperties().get("type").getDefault()).isEqualTo("about:blank");
        assertThat(problem.getProperties().get("reason").getEnum())
                .containsExactly("missing", "not_a_number", "out_of_range", "repeated");
    }

    @Test
    void anOperationAnswering304TakesIfNoneMatchOnceAndItsAnswersCarryETagAndCacheControl() {
        Operation operation = cachedGet();
        OpenAPI document = documentWith(operation);

        new ConditionalGetDocumentation().customise(document);
        new ConditionalGetDocumentation().customise(document);

        assertThat(operation.getParameters()).extracting(Parameter::getName)
                .containsExactly("category_id", "If-None-Match");
        assertThat(operation.getParameters().get(1)).isInstanceOf(HeaderParameter.class);
        assertThat(operation.getResponses().get("304").getContent()).as("a 304 has no body").isNull();
        assertThat(operation.getResponses().get("304").getHeaders()).containsOnlyKeys("ETag", "Cache-Control");
        assertThat(operation.getResponses().get("200").getHeaders()).containsOnlyKeys("ETag", "Cache-Control");
        assertThat(operation.getResponses().get("400").getHeaders()).isNull();
    }

    @Test
    void anOperationWithout304IsLeftAlone() {
        Operation operation = cachedGet();
        operation.getResponses().remove("304");
        OpenAPI document = documentWith(operation);

        new ConditionalGetDocumentation().customise(document);

        assertThat(operation.getParameters()).extracting(Parameter::getName).containsExactly("category_id");
        assertThat(operation.getResponses().get("200").getHeaders()).isNull();
    }

    @Test
    void everyPropertyIsRequiredUnlessTheSchemaSaysOtherwise() {
        ObjectSchema body = new ObjectSchema();
        body.setProperties(new java.util.LinkedHashMap<>(Map.of("run_id", new IntegerSchema())));
        body.addProperty("category_name", new StringSchema().nullable(true));
        ObjectSchema own = new ObjectSchema();
        own.addProperty("title", new StringSchema());
        own.addProperty("instance", new StringSchema());
        own.setRequired(List.of("title"));
        OpenAPI document = new OpenAPI().components(new Components().addSchemas("Body", body).addSchemas("Own", own));

        new AlwaysPresentProperties().customise(document);

        assertThat(body.getRequired()).containsExactlyInAnyOrder("run_id", "category_name");
        assertThat(own.getRequired()).containsExactly("title");
    }
}
