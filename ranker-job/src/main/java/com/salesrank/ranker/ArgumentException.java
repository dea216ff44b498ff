package com.salesrank.ranker;

/** A command-line argument the tool cannot use; the message is the one-line reason shown to the user. */
final class ArgumentException extends Exception {

    ArgumentException(String message) {
        super(message);
    }
}
