package com.salesrank.api.products;

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
 * GET /products/{product_id}: a product's page. Public, cached per run like the API it is made of;
 * its errors are HTML pages (404 for a product the live ranking does not rank, 503 while nothing can answer).
 */
@Controller
@Hidden
class ProductPageController {

    private final ProductPages pages;
    private final CachedPageResponses responses;
    private final ErrorPages errorPages;

    ProductPageController(ProductPages pages, CachedPageResponses responses, ErrorPages errorPages) {
        this.pages = pages;
        this.responses = responses;
        this.errorPages = errorPages;
    }

    @GetMapping("/products/{product_id}")
    Object product(@PathVariable("product_id") String productId) {
        long id;
        try {
            id = RequestParameters.parse("product_id", productId, 0, Long.MAX_VALUE);
        } catch (InvalidParameterException e) {
            return notFound("There is no product \u201c" + productId + "\u201d: a product is a number.");
        }
        return responses.respond(pages.page(id), ErrorPages.HTML);
    }

    @ExceptionHandler(UnrankedProductException.class)
    ResponseEntity<byte[]> unranked(UnrankedProductException e) {
        return notFound("This product sold nothing in the latest ranking's window, or there is no such product.");
    }

    @ExceptionHandler(NoRankingPublishedException.class)
    ResponseEntity<byte[]> notPublished(NoRankingPublishedException e) {
        return errorPages.nothingPublished();
    }

    @ExceptionHandler({DatabaseUnavailableException.class, DataAccessException.class})
    ResponseEntity<byte[]> unavailable(RuntimeException e, HttpServletRequest request) {
        return errorPages.unavailable("Product unavailable", e, request);
    }

    private ResponseEntity<byte[]> notFound(String detail) {
        return errorPages.page(HttpStatus.NOT_FOUND, "No such product", detail, null);
    }
}
