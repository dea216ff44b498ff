package com.salesrank.api.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (the servlet container's own 400s and
 * 405s, a failure in a filter) are forwarded here; answer them as problem
 * details too, instead of Boot's default error JSON or an HTML page. Written
 * straight to the response: the request being answered may carry what made
 * it fail (an Accept header that cannot be parsed, a path Spring MVC cannot
 * decode), and a message converter would trip over it again.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // requested directly, nothing was forwarded: there is no such resource
        HttpStatus status = code == null ? HttpStatus.NOT_FOUND
                : code instanceof Integer value && HttpStatus.resolve(value) != null ? HttpStatus.valueOf(value)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String text ? text : null;
        boolean malformedQuery = status == HttpStatus.BAD_REQUEST
                && malformedQuery(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        Problems.write(response, malformedQuery
                ? Problems.document(status.value(), Problems.MALFORMED_QUERY, "Malformed query string",
                        Problems.MALFORMED_QUERY_DETAIL, path)
                : Problems.document(status.value(), null, status.getReasonPhrase(),
                        Problems.detailFor(status.value()), path));
    }

    /** Tomcat's failure to decode the query string, thrown from a filter that read a parameter. */
    private static boolean malformedQuery(Object exception) {
        Throwable failure = exception instanceof Throwable t ? t : null;
        for (int depth = 0; failure != null && depth < 10; depth++, failure = failure.getCause()) {
            if (failure instanceof org.apache.tomcat.util.http.InvalidParameterException) {
                return true;
            }
        }
        return false;
    }
}
