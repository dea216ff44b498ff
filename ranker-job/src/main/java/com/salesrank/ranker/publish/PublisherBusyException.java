package com.salesrank.ranker.publish;

/** Another publisher held the publish lock for longer than this one was willing to wait. */
public class PublisherBusyException extends PublishException {

    private static final long serialVersionUID = 1L;

    public PublisherBusyException(String message) {
        super(message);
    }
}
