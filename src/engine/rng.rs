//! Named random streams: one master seed, one independent ChaCha stream per component.
//!
//! A stream depends only on (master seed, stream name), so adding a till does not change
//! what preparer 2 draws: variants of a scenario share their random numbers.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The generator every component draws from.
pub type SimRng = ChaCha8Rng;

/// The source of a run's random streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RngStreams {
    master: u64,
}

impl RngStreams {
    /// Streams derived from `master`.
    pub fn new(master: u64) -> Self {
        RngStreams { master }
    }

    /// The master seed.
    pub fn master(&self) -> u64 {
        self.master
    }

    /// The stream called `name` (e.g. `"till-2"`), always the same for the same seed and name.
    pub fn stream(&self, name: &str) -> SimRng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.master);
        rng.set_stream(fnv1a64(name.as_bytes()));
        rng
    }

    /// The master seed of replication `index` of an experiment seeded with `master`:
    /// the same at every point of a sweep, so points are compared on common random numbers.
    pub fn replication_seed(master: u64, index: u64) -> u64 {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&master.to_le_bytes());
        bytes[8..].copy_from_slice(&index.to_le_bytes());
        fnv1a64(&bytes)
    }
}

/// 64-bit FNV-1a: a fixed, portable hash of a stream name (std's hashers may change).
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    fn draws(rng: &mut SimRng) -> Vec<u64> {
        (0..8).map(|_| rng.random()).collect()
    }

    #[test]
    fn a_stream_depends_only_on_seed_and_name() {
        let streams = RngStreams::new(7);
        let a = draws(&mut streams.stream("preparer-2"));
        // Taking other streams first, as a scenario with one more till would, changes nothing.
        let _extra = streams.stream("till-4");
        assert_eq!(draws(&mut streams.stream("preparer-2")), a);
        assert_ne!(draws(&mut streams.stream("preparer-1")), a);
        assert_ne!(draws(&mut RngStreams::new(8).stream("preparer-2")), a);
    }

    #[test]
    fn replication_seeds_differ() {
        let seeds: std::collections::BTreeSet<u64> = (0..1000)
            .map(|i| RngStreams::replication_seed(1, i))
            .collect();
        assert_eq!(seeds.len(), 1000);
    }
}
