package com.salesrank.api.history;

import com.salesrank.api.replica.DatabaseUnavailableException;
import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.api.web.CachedPageResponses;
import com.salesrank.api.web.ErrorPages;
import com.salesrank.api.web.InvalidParameterException;
import com.salesrank.api.web.RequestParameters;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * GET /movers: the Movers &amp; Shakers of every category; GET /movers/{category_id}: a category's. Their
 * errors are HTML pages.
 */
@Controller
@Hidden
class MoversPageController {

    private final MoversPages pages;
    private final OverallMoversPages overall;
    private final CachedPageResponses responses;
    private final ErrorPages errorPages;

    MoversPageController(MoversPages pages, OverallMoversPages overall, CachedPageResponses responses,
            ErrorPages errorPages) {
        this.pages = pages;
        this.overall = overall;
        this.responses = responses;
        this.errorPages = errorPages;
    }

    @GetMapping("/movers")
    Object overall() {
        return responses.respond(overall.page(), ErrorPages.HTML);
    }

    @GetMapping("/movers/{category_id}")
    Object movers(@PathVariable("category_id") String categoryId) {
        int category;
        try {
            category = (int) RequestParameters.parse("category_id", categoryId, 0, Integer.MAX_VALUE);
        } catch (InvalidParameterException e) {
            return notFound("There is no category \u201c" + categoryId + "\u201d: a category is a number.");
        }
        return responses.respond(pages.page(category), ErrorPages.HTML);
    }

    @ExceptionHandler(NoMoversCategoryException.class)
    ResponseEntity<byte[]> unranked(NoMoversCategoryException e) {
        return notFound("Nothing in this category sold in the latest ranking, or there is no such category.");
    }

    @ExceptionHandler(NoRankingPublishedException.class)
    ResponseEntity<byte[]> notPublished(NoRankingPublishedException e) {
        return errorPages.nothingPublished();
    }

    @ExceptionHandler({DatabaseUnavailableException.class, DataAccessException.class})
    ResponseEntity<byte[]> unavailable(RuntimeException e, HttpServletRequest request) {
        return errorPages.unavailable("Movers unavailable", e, request);
    }

    private ResponseEntity<byte[]> notFound(String detail) {
        return errorPages.page(HttpStatus.NOT_FOUND, "No such category", detail, null);
    }
}
