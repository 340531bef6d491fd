package org.concordat.adapters.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.concordat.protocols.sharing.OdsCode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** A recipient gets the notice addressed to itself alone. */
class AddressedOnlyToTest {
  private final NoticeParser parser =
      new NoticeParser(Notices.fhir(), NoticeParser.DEFAULT_MAX_BYTES);

  @Test
  void leavesANoticeToOneReceiverAsItIs() {
    Bundle notice = Notices.dischargeToCouncil().bundle();
    assertThat(NoticeParser.addressedOnlyTo(notice, OdsCode.of("XLA001"))).isSameAs(notice);
  }

  @Test
  void removesTheOtherReceiversAndTheirOrganisationsFromACopy() {
    Bundle notice =
        parser
            .parse(Notices.text(Notices.DISCHARGE_TO_COUNCIL).getBytes(UTF_8), MessageFormat.JSON)
            .bundle();
    Organization voluntary = new Organization();
    voluntary.setId("voluntary");
    voluntary.addIdentifier(
        new Identifier().setSystem(NoticeParser.ODS_ORGANISATION_SYSTEM).setValue("XVO001"));
    voluntary.setName("Northmoor Community Housing Trust");
    notice.addEntry().setFullUrl("urn:uuid:voluntary").setResource(voluntary);
    MessageHeader header = (MessageHeader) notice.getEntryFirstRep().getResource();
    header.addDestination().setReceiver(new Reference("urn:uuid:voluntary"));
    int entries = notice.getEntry().size();

    Bundle council = NoticeParser.addressedOnlyTo(notice, OdsCode.of("XLA001"));

    MessageHeader councils = (MessageHeader) council.getEntryFirstRep().getResource();
    assertThat(councils.getDestination()).hasSize(1);
    assertThat(council.getEntry()).hasSize(entries - 1);
    assertThat(council.getEntry())
        .noneMatch(
            e ->
                e.getResource() instanceof Organization o
                    && o.getName() != null
                    && o.getName().contains("Housing"));
    // The notice itself is unchanged.
    assertThat(header.getDestination()).hasSize(2);
    assertThat(notice.getEntry()).hasSize(entries);
    Bundle voluntarys = NoticeParser.addressedOnlyTo(notice, OdsCode.of("XVO001"));
    assertThat(((MessageHeader) voluntarys.getEntryFirstRep().getResource()).getDestination())
        .singleElement()
        .satisfies(d -> assertThat(d.getReceiver().getReference()).isEqualTo("urn:uuid:voluntary"));
  }
}
