//! Picks the least and the most loaded subscribers of one topic, one partition at a time, for the
//! heterogeneous uniform assignor (Kafka's `MemberAssignmentBalancer`).
//!
//! The members are sorted by load. Two ranges grow from the ends: the least loaded range from
//! the left (members at the lowest level, filled one partition each before the level rises and
//! the range takes in the members now level with it) and the most loaded range from the right
//! (members at the highest level, each giving up one partition before the level falls). The
//! topic is balanced when the two levels differ by one or less.

/// The balancer's state for the topic being worked on. Loads are read from the caller's table,
/// which changes as partitions move; the levels here are what the ranges had when they formed.
pub(super) struct Balancer {
    /// Member indices, least loaded first (ties by member index).
    sorted: Vec<u32>,
    /// `sorted[..least_end]` is the least loaded range.
    least_end: usize,
    /// The load of the least loaded range before this round of handing out.
    least_level: i64,
    /// The position in `sorted` of the next member to receive.
    next_least: usize,
    /// `sorted[most_start..most_end]` is the most loaded range (members that have nothing
    /// of this topic to give are swapped out past `most_end`).
    most_start: usize,
    most_end: usize,
    /// The load of the most loaded range before this round of taking away.
    most_level: i64,
    /// The position in `sorted` of the next member to give (negative: none left).
    next_most: isize,
}

impl Balancer {
    /// A balancer with room for `members` members.
    pub(super) fn with_capacity(members: usize) -> Self {
        Balancer {
            sorted: Vec::with_capacity(members),
            least_end: 0,
            least_level: 0,
            next_least: 0,
            most_start: 0,
            most_end: 0,
            most_level: 0,
            next_most: -1,
        }
    }

    /// Starts on a topic whose subscribers are `members` (at least one); returns the gap between
    /// the most and least loaded of them.
    pub(super) fn start(&mut self, members: &[u32], loads: &[u32]) -> u32 {
        assert!(!members.is_empty(), "a topic to balance has subscribers");
        self.sorted.clear();
        self.sorted.extend_from_slice(members);
        self.sorted
            .sort_unstable_by_key(|&m| (loads[m as usize], m));
        let n = self.sorted.len();
        let lowest = loads[self.sorted[0] as usize];
        let highest = loads[self.sorted[n - 1] as usize];
        self.least_end = 0;
        self.least_level = i64::from(lowest) - 1;
        self.next_least = 0;
        self.most_start = n;
        self.most_end = n;
        self.most_level = i64::from(highest) + 1;
        self.next_most = n as isize - 1;
        highest - lowest
    }

    /// The member that receives the next partition; assumes it does.
    pub(super) fn next_least_loaded(&mut self, loads: &[u32]) -> u32 {
        if self.next_least >= self.least_end {
            // Everyone in the range has had one: raise the level, take in those now level.
            self.least_level += 1;
            while self.least_end < self.sorted.len()
                && i64::from(loads[self.sorted[self.least_end] as usize]) == self.least_level
            {
                self.least_end += 1;
            }
            self.next_least = 0;
        }
        let m = self.sorted[self.next_least];
        self.next_least += 1;
        m
    }

    /// The member that gives up the next partition, or `None` when no member can; assumes it
    /// does.
    pub(super) fn next_most_loaded(&mut self, loads: &[u32]) -> Option<u32> {
        if self.next_most < self.most_start as isize {
            if self.most_end <= self.most_start && self.most_start > 0 {
                // Exclusions emptied the range: restart from the next member down, so that
                // the range always grows below.
                self.most_level = i64::from(loads[self.sorted[self.most_start - 1] as usize]);
            } else {
                self.most_level -= 1;
            }
            while self.most_start > 0
                && i64::from(loads[self.sorted[self.most_start - 1] as usize]) == self.most_level
            {
                self.most_start -= 1;
            }
            self.next_most = self.most_end as isize - 1;
        }
        if self.next_most < 0 {
            return None;
        }
        let m = self.sorted[self.next_most as usize];
        self.next_most -= 1;
        Some(m)
    }

    /// Drops the member last returned by [`Balancer::next_most_loaded`] from the most loaded
    /// range (it has nothing of this topic to give).
    pub(super) fn exclude_most_loaded(&mut self) {
        let at = (self.next_most + 1) as usize;
        self.sorted.swap(at, self.most_end - 1);
        self.most_end -= 1;
    }

    /// Whether the levels of the two ranges differ by one or less.
    pub(super) fn is_balanced(&self) -> bool {
        self.most_level - self.least_level <= 1
    }
}
