package org.concordat.broker.delivery;

/** A translated record ready for the recipient's transport. */
public record Delivery(String fileName, String contentType, byte[] payload) {}
