package org.concordat.broker.web;

/**
 * A HAPI plain or resource provider a feature offers at {@code /fhir}: the servlet registers every
 * bean of this type. Each provider still authorises its own interactions ({@link FhirAccess}).
 */
public interface FhirProvider {}
