package io.agentry.director.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the director grants a role's pools leave to claim, and when it holds back. */
class RoleDemandTest {

  private final RoleDemand demand = new RoleDemand();

  @Test
  void a_role_may_have_due_jobs_until_a_claim_finds_fewer_than_granted() {
    assertThat(demand.mayHaveDueJobs()).isTrue();
    long atGrant = demand.enqueues();

    demand.claimAnswered(false, false, atGrant);
    assertThat(demand.mayHaveDueJobs()).as("a full claim: more may wait").isTrue();

    demand.claimAnswered(true, false, atGrant);
    assertThat(demand.mayHaveDueJobs()).isFalse();

    demand.enqueued();
    assertThat(demand.mayHaveDueJobs()).isTrue();
  }

  @Test
  void an_enqueue_after_the_grant_keeps_a_short_claim_from_emptying_the_role() {
    long atGrant = demand.enqueues();
    demand.enqueued(); // NOTIFY arrives while the claim is on its way

    demand.claimAnswered(true, false, atGrant);

    assertThat(demand.mayHaveDueJobs()).isTrue();
  }

  @Test
  void a_claim_ended_by_the_role_limit_waits_for_a_finished_job_not_for_enqueues() {
    demand.claimAnswered(true, true, demand.enqueues());
    assertThat(demand.mayHaveDueJobs()).isFalse();

    demand.enqueued();
    assertThat(demand.mayHaveDueJobs()).as("more jobs do not free a place").isFalse();

    demand.placeFreed();
    assertThat(demand.mayHaveDueJobs()).isTrue();
  }

  @Test
  void a_poll_tick_or_reaped_lease_makes_every_role_worth_a_claim_again() {
    demand.claimAnswered(true, false, demand.enqueues());
    demand.mayBeDue();
    assertThat(demand.mayHaveDueJobs()).isTrue();

    demand.claimAnswered(true, true, demand.enqueues());
    demand.mayBeDue();
    assertThat(demand.mayHaveDueJobs()).isTrue();
  }
}
