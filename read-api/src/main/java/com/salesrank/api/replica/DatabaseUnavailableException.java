package com.salesrank.api.replica;

/** No database in the rotation could answer (every replica down and no usable primary). */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
