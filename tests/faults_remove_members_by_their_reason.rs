//! Guards the shop's faults under both group protocols: a stall past `max.poll.interval.ms`
//! removes the preparer for that reason and it rejoins; a clean leave is a leave; a static
//! preparer back within its session gets its partitions back without a rebalance (classic)
//! or is refused with UNRELEASED_INSTANCE_ID until its old session expires (consumer protocol,
//! as Kafka 4.1's coordinator does); and no order is lost on the way.

use chipshop::model::{ShopReport, run_shop};
use chipshop::scenario::Scenario;

/// Three tills, three preparers, three partitions, ten minutes, `max.poll.interval.ms` one
/// minute, the group protocol `protocol` with the range assignor (preparer N reads
/// orders-(N-1) under both; uniform may give a preparer only `ready` partitions), and `extra`
/// (`[preparers]` keys, then faults).
fn run(protocol: &str, extra: &str) -> ShopReport {
    let text = format!(
        "[shop]\nopen_for = \"10m\"\n[tills]\ncount = 3\n[kafka]\norders_partitions = 3\nmax_poll_interval = \"1m\"\ngroup_protocol = \"{protocol}\"\nassignor = \"range\"\n[preparers]\ncount = 3\n{extra}"
    );
    let s = Scenario::from_toml(&text, "faults.toml").unwrap_or_else(|e| panic!("{e}"));
    let r = run_shop(&s, &mut (), None::<Vec<u8>>)
        .expect("the books balance")
        .0;
    assert_eq!(r.orders.completed, r.orders.placed, "an order was lost");
    assert_eq!(r.orders.in_flight, 0);
    r
}

const STALL: &str = "[[faults]]\nstall = 2\nat = \"2m\"\nfor = \"90s\"\n";
const LEAVE: &str = "[[faults]]\nleave = 2\nat = \"2m\"\nrestart_after = \"20s\"\n";
const CRASH: &str = "[[faults]]\ncrash = 2\nat = \"2m\"\nrestart_after = \"20s\"\n";

#[test]
fn a_stall_past_max_poll_interval_removes_the_preparer_and_it_rejoins() {
    for protocol in ["classic", "consumer"] {
        let r = run(protocol, STALL);
        assert_eq!(r.kafka.removals.max_poll_interval, 1, "{protocol}");
        assert_eq!(r.kafka.removals.session_timeout, 0, "{protocol}");
        // It rejoined after the stall: away only while out of the group, not for good.
        assert!(r.preparers[1].away_fraction < 0.5, "{protocol}");
    }
}

#[test]
fn a_clean_leave_is_counted_as_a_leave_and_the_preparer_comes_back() {
    for protocol in ["classic", "consumer"] {
        let r = run(protocol, LEAVE);
        assert_eq!(r.kafka.removals.leave, 1, "{protocol}");
        // A clean leave commits what was made: nothing is made twice.
        assert_eq!(r.orders.duplicates, 0, "{protocol}");
        assert!(r.preparers[1].orders > 0);
    }
}

#[test]
fn a_static_preparer_back_within_its_session_keeps_its_partitions_under_classic() {
    let dynamic = run("classic", CRASH);
    let r = run("classic", &format!("static = true\n{CRASH}"));
    assert!(r.kafka.static_members);
    // Dynamic: the restart's join waits for the crashed member's session to time out, and
    // the group rebalances once; static: it takes its old place, with no rebalance.
    assert_eq!(dynamic.kafka.removals.session_timeout, 1);
    assert_eq!(r.kafka.removals.session_timeout, 0);
    assert_eq!(r.kafka.rebalances + 1, dynamic.kafka.rebalances);
    assert_eq!(r.preparers[1].partitions, ["orders-1"]);
    assert_eq!(r.kafka.unreleased_instance_id, 0);
}

#[test]
fn a_static_preparer_back_too_soon_is_refused_under_the_consumer_protocol() {
    let r = run("consumer", &format!("static = true\n{CRASH}"));
    assert_eq!(r.kafka.protocol, "consumer");
    assert_eq!(r.kafka.assignor, "range");
    // Back 20 s after the crash, its session (45 s from its last heartbeat) still lives: the
    // coordinator refuses the instance id, the process restarts every 10 s, and gets in once
    // the session has expired and fenced the old member.
    assert!(
        (2..=3).contains(&r.kafka.unreleased_instance_id),
        "{}",
        r.kafka.unreleased_instance_id
    );
    assert_eq!(r.kafka.removals.session_timeout, 1);
    assert!(r.preparers[1].orders > 0);
}

#[test]
fn the_consumer_protocol_pauses_only_the_preparers_whose_partitions_move() {
    // Preparer 3 leaves at 2 m and joins again 30 s later: with eager rebalancing every
    // preparer pauses at both; under the consumer protocol only the ones that give up or
    // gain a partition.
    let join = "[[faults]]\nleave = 3\nat = \"2m\"\nrestart_after = \"30s\"\n";
    let eager = run("classic", join);
    let consumer = run("consumer", join);
    let paused = |r: &ShopReport| -> Vec<f64> { r.preparers.iter().map(|p| p.paused_s).collect() };
    assert!(
        paused(&eager).iter().all(|&s| s > 0.0),
        "{:?}",
        paused(&eager)
    );
    assert!(paused(&consumer).contains(&0.0), "{:?}", paused(&consumer));
}
