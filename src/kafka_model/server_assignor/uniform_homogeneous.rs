//! The uniform assignor for a group whose members all subscribe to the same topics (Kafka's
//! `UniformHomogeneousAssignmentBuilder`): quotas first, then each member keeps what fits.

use super::spec::{GroupSpec, Owners};

/// The uniform assignment of a homogeneous group.
pub(super) fn assign(spec: &GroupSpec<'_>) -> Owners {
    let n = spec.member_count();
    if n == 0 || spec.subscribed(0).is_empty() {
        return Owners::new(spec, []);
    }
    let topics = spec.subscribed(0);
    let mut owners = Owners::new(spec, topics.iter().copied());

    // Every member holds only partitions of these topics (the spec dropped the rest), so a
    // partition that nobody holds is exactly one Kafka finds unassigned.
    for m in 0..n {
        for (t, run) in spec.held_by_topic(m) {
            for &(_, p) in run {
                owners.per_topic[t as usize][p as usize] = m as u32;
            }
        }
    }
    let mut free: Vec<(u32, u32)> = Vec::new();
    let mut total = 0u64;
    for &t in topics {
        let table = &owners.per_topic[t as usize];
        total += table.len() as u64;
        free.extend(
            (0..table.len() as u32)
                .filter(|&p| table[p as usize] == super::spec::NO_OWNER)
                .map(|p| (t, p)),
        );
    }

    let members = n as u64;
    let min_quota = total / members;
    let mut extra_left = total % members;
    let mut room: Vec<(u32, u64)> = Vec::new();
    for m in 0..n {
        let mut quota = min_quota;
        let mut takes_extra = false;
        if extra_left > 0 {
            quota += 1;
            takes_extra = true;
        }
        for (t, run) in spec.held_by_topic(m) {
            let table = &mut owners.per_topic[t as usize];
            if run.len() as u64 <= quota {
                quota -= run.len() as u64;
            } else {
                // Keep the first `quota` in the order held; give up the rest.
                for &(_, p) in &run[quota as usize..] {
                    table[p as usize] = super::spec::NO_OWNER;
                    free.push((t, p));
                }
                quota = 0;
            }
        }
        // A member with room to spare leaves the extra slot to a later member, unless only
        // the members from here on are left to take the extras.
        if quota > 0 && takes_extra && (n - m) as u64 > extra_left {
            quota -= 1;
            takes_extra = false;
        }
        if quota > 0 {
            room.push((m as u32, quota));
        }
        if takes_extra {
            extra_left -= 1;
        }
    }

    let mut next = free.iter();
    'fill: for (m, quota) in room {
        for _ in 0..quota {
            let Some(&(t, p)) = next.next() else {
                break 'fill;
            };
            owners.per_topic[t as usize][p as usize] = m;
        }
    }
    debug_assert!(next.next().is_none(), "every free partition finds room");
    owners
}
