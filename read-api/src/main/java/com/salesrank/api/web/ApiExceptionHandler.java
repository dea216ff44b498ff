package com.salesrank.api.web;

import jakarta.servlet.http.HttpServletRequest;

import com.salesrank.api.ranking.NoRankingPublishedException;
import com.salesrank.api.replica.DatabaseUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 application/problem+json body, never a stack
 * trace. The base class already answers Spring MVC's own exceptions (404 no
 * handler, 405 with Allow, 406, ...) with problem details; this adds the API's.
 * Failures are logged as one line with their cause.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.INVALID_PARAMETER,
                "Invalid request parameter", e.getMessage());
        problem.setProperty("parameter", e.parameter());
        problem.setProperty("reason", e.reason().code());
        return problem(problem, request, null);
    }

    @ExceptionHandler(NoRankingPublishedException.class)
    ResponseEntity<ProblemDetail> notPublished(NoRankingPublishedException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.NOT_PUBLISHED,
                "No ranking published", "no ranking has been published yet; the ranking job publishes hourly");
        return problem(problem, request, "60");
    }

    @ExceptionHandler({DatabaseUnavailableException.class, DataAccessException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("503 for {}: {}", request.getRequestURI(), oneLine(e));
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE,
                "Ranking unavailable", "neither the cache nor any database can answer right now; retry shortly");
        return problem(problem, request, "5");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("500 for {}: {}", request.getRequestURI(), oneLine(e));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; it has been logged");
        return problem(problem, request, null);
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem, HttpServletRequest request,
            String retryAfter) {
        Problems.instance(problem, request.getRequestURI());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(problem);
    }

    /** The exception and its deepest cause, each as "Type: message", on one line. */
    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e) {
            text += " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
