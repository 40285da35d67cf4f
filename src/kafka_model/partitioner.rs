//! Partition choice as the Java producer makes it: explicit partition, murmur2 of the key, the
//! uniform sticky partitioner for null keys, or round robin. State per producer, per topic.

use rand::Rng;

use super::config::PartitionerKind;
use super::murmur2::partition_for_key;
use crate::engine::SimRng;

/// A producer's partitioner state.
#[derive(Clone, Debug, Default)]
pub(crate) struct Partitioner {
    kind: PartitionerKind,
    /// Per topic: the sticky partition and the bytes produced to it since it was chosen.
    sticky: Vec<Option<(u32, usize)>>,
    /// Per topic: the round-robin counter.
    counters: Vec<u32>,
}

impl Partitioner {
    pub(crate) fn new(kind: PartitionerKind) -> Self {
        Partitioner {
            kind,
            sticky: Vec::new(),
            counters: Vec::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    /// The partition for a record of `bytes` bytes to topic `topic` (an index) with
    /// `partitions` partitions. `explicit` must already be validated.
    pub(crate) fn choose(
        &mut self,
        topic: usize,
        partitions: u32,
        key: Option<&[u8]>,
        explicit: Option<u32>,
        bytes: usize,
        batch_size: usize,
        rng: &mut SimRng,
    ) -> u32 {
        if let Some(p) = explicit {
            return p;
        }
        match (self.kind, key) {
            (PartitionerKind::RoundRobin, _) => {
                if self.counters.len() <= topic {
                    self.counters.resize(topic + 1, 0);
                }
                let c = self.counters[topic];
                self.counters[topic] = c.wrapping_add(1);
                c % partitions
            }
            (PartitionerKind::Default, Some(k)) => partition_for_key(k, partitions),
            (PartitionerKind::Default, None) => {
                if self.sticky.len() <= topic {
                    self.sticky.resize(topic + 1, None);
                }
                let (p, produced) = match self.sticky[topic] {
                    Some(s) => s,
                    None => (rng.random_range(0..partitions), 0),
                };
                let produced = produced + bytes;
                // Kafka's BuiltInPartitioner: after batch.size bytes, pick the next partition.
                self.sticky[topic] = if produced >= batch_size {
                    None
                } else {
                    Some((p, produced))
                };
                p
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RngStreams;

    #[test]
    fn sticky_stays_until_batch_size_bytes() {
        let mut p = Partitioner::new(PartitionerKind::Default);
        let mut rng = RngStreams::new(1).stream("t");
        let first: Vec<u32> = (0..10)
            .map(|_| p.choose(0, 12, None, None, 100, 1000, &mut rng))
            .collect();
        assert!(first.iter().all(|&x| x == first[0]));
        let many: std::collections::BTreeSet<u32> = (0..1000)
            .map(|_| p.choose(0, 12, None, None, 100, 1000, &mut rng))
            .collect();
        assert!(
            many.len() > 6,
            "sticky partitioner never moved on: {many:?}"
        );
    }

    #[test]
    fn explicit_wins_and_keys_hash_and_round_robin_cycles() {
        let mut rng = RngStreams::new(1).stream("t");
        let mut p = Partitioner::new(PartitionerKind::Default);
        assert_eq!(p.choose(0, 3, Some(b"k"), Some(2), 1, 10, &mut rng), 2);
        let k = p.choose(0, 7, Some(b"foobar"), None, 1, 10, &mut rng);
        assert_eq!(k, partition_for_key(b"foobar", 7));
        let mut rr = Partitioner::new(PartitionerKind::RoundRobin);
        let seq: Vec<u32> = (0..6)
            .map(|_| rr.choose(1, 3, Some(b"k"), None, 1, 10, &mut rng))
            .collect();
        assert_eq!(seq, [0, 1, 2, 0, 1, 2]);
    }
}
