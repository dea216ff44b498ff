package com.salesrank.ranker;

import java.io.IOException;

/** {@code --output} exists and {@code --overwrite} was not given: a usage error, nothing was done. */
final class OutputExistsException extends IOException {

    OutputExistsException(String message) {
        super(message);
    }
}
