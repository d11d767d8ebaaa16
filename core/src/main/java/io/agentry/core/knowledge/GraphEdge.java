package io.agentry.core.knowledge;

import java.util.UUID;

/** A directed edge; the node kinds at its ends follow from the relation. */
public record GraphEdge(Relation relation, UUID fromId, UUID toId, double weight) {

  public NodeKind fromKind() {
    return relation.from();
  }

  public NodeKind toKind() {
    return relation.to();
  }
}
