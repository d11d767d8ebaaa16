package io.agentry.core.jobs.pg;

import io.agentry.core.jobs.Lease;
import java.util.List;

/**
 * Leases as three parallel arrays, the shape {@code unnest($1, $2, $3)} takes in one round trip.
 */
record LeaseArrays(Long[] ids, Long[] epochs, String[] owners) {

  static LeaseArrays of(List<Lease> leases) {
    int n = leases.size();
    Long[] ids = new Long[n];
    Long[] epochs = new Long[n];
    String[] owners = new String[n];
    for (int i = 0; i < n; i++) {
      Lease lease = leases.get(i);
      ids[i] = lease.jobId();
      epochs[i] = lease.epoch();
      owners[i] = lease.owner();
    }
    return new LeaseArrays(ids, epochs, owners);
  }

  /** The SQL that joins {@code jobs j} to the leases passed as parameters 1–3. */
  static final String FENCE =
      " FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS l(id, epoch, owner)"
          + " WHERE j.id = l.id AND j.lease_epoch = l.epoch AND j.lease_owner = l.owner";
}
