package com.salesrank.api.web;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Errors raised outside Spring MVC (the container's own 400s, filters) are forwarded to /error. */
@WebMvcTest(ProblemErrorController.class)
class ProblemErrorControllerTest {

    @Autowired
    MockMvc mvc;

    @Test
    void aForwardedContainerErrorBecomesAProblemWithoutInternals() throws Exception {
        mvc.perform(get("/error")
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/popular")
                        .requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalArgumentException("parser detail")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.title").value("Bad Request"))
                .andExpect(jsonPath("$.instance").value("/api/v1/popular"))
                .andExpect(jsonPath("$.detail").value(containsString("cannot be parsed")))
                .andExpect(content().string(not(containsString("parser detail"))))
                .andExpect(jsonPath("$.trace").doesNotExist())
                .andExpect(jsonPath("$.exception").doesNotExist());
    }

    @Test
    void aQueryStringTomcatCannotDecodeIsAMalformedQueryProblem() throws Exception {
        mvc.perform(get("/error")
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/popular")
                        .requestAttr(RequestDispatcher.ERROR_EXCEPTION,
                                new jakarta.servlet.ServletException(new org.apache.tomcat.util.http.InvalidParameterException(
                                        "Character decoding failed. Parameter [x] with value [%zz]"))))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:salesrank:problem:malformed-query"))
                .andExpect(jsonPath("$.detail").value(containsString("percent-encoded")))
                .andExpect(content().string(not(containsString("Character decoding"))));
    }

    @Test
    void aMalformedRequestUriIsLeftOutRatherThanEchoed() throws Exception {
        mvc.perform(get("/error")
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/pop ular|<x>"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.instance").doesNotExist());
    }

    @Test
    void requestedDirectlyItIsNotFound() throws Exception {
        mvc.perform(get("/error"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").isNotEmpty());
    }
}
