package org.concordat.protocols.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * The named person who acted (broke glass, reviewed, signed or suspended a protocol), as the
 * partner's own identifier for them (e.g. a smartcard user id) and the role they acted in. A member
 * of staff, never the subject.
 */
public record Actor(String person, String role) {
  public Actor {
    Json.requireLabel(person, "The person");
    Json.requireLabel(role, "The role");
  }

  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("person", person);
    node.put("role", role);
    return node;
  }

  static Actor fromJson(JsonNode node, String where) {
    Json.members(node, where, Set.of("person", "role"));
    return new Actor(Json.text(node, "person"), Json.text(node, "role"));
  }
}
