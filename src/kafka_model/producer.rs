//! Producers and their batches: per-partition batches that wait `linger.ms` or fill to
//! `batch.size`, then reach the log after the produce latency, in order per partition.

use super::config::ProducerConfig;
use super::partitioner::Partitioner;
use super::topic::{Record, TopicPartition};
use crate::engine::{EventKey, SimRng, SimTime};

/// A producer's id within a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProducerId(pub u32);

/// The id of one `send`, echoed in its acknowledgement so the caller can match them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SendId(pub u64);

/// A producer's state.
#[derive(Debug)]
pub(crate) struct Producer {
    pub(crate) config: ProducerConfig,
    pub(crate) rng: SimRng,
    pub(crate) partitioner: Partitioner,
    /// Per topic, per partition: the open batch's slot.
    pub(crate) open: Vec<Vec<Option<u32>>>,
    /// Per topic, per partition: when the last sent batch reaches the log (keeps order).
    pub(crate) last_arrival: Vec<Vec<SimTime>>,
}

impl Producer {
    pub(crate) fn new(config: ProducerConfig, rng: SimRng) -> Self {
        let partitioner = Partitioner::new(config.partitioner);
        Producer {
            config,
            rng,
            partitioner,
            open: Vec::new(),
            last_arrival: Vec::new(),
        }
    }

    /// Makes room for topic `topic` with `partitions` partitions in the per-partition tables.
    pub(crate) fn ensure_topic(&mut self, topic: usize, partitions: u32) {
        while self.open.len() <= topic {
            self.open.push(Vec::new());
            self.last_arrival.push(Vec::new());
        }
        let n = partitions as usize;
        if self.open[topic].len() < n {
            self.open[topic].resize(n, None);
            self.last_arrival[topic].resize(n, SimTime::ZERO);
        }
    }
}

/// A batch of records for one partition, open or in flight.
#[derive(Debug)]
pub(crate) struct Batch<V> {
    pub(crate) producer: ProducerId,
    pub(crate) tp: TopicPartition,
    pub(crate) records: Vec<(SendId, Record<V>)>,
    pub(crate) bytes: usize,
    pub(crate) linger: Option<EventKey>,
    pub(crate) phase: BatchPhase,
}

/// Where a batch slot is in its life (so a stray event cannot act on the wrong batch).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BatchPhase {
    Open,
    Sent,
    Free,
}

/// Batch storage that reuses its slots and their record buffers.
#[derive(Debug)]
pub(crate) struct BatchSlab<V> {
    slots: Vec<Batch<V>>,
    free: Vec<u32>,
}

impl<V> Default for BatchSlab<V> {
    fn default() -> Self {
        BatchSlab {
            slots: Vec::new(),
            free: Vec::new(),
        }
    }
}

impl<V> BatchSlab<V> {
    pub(crate) fn open(&mut self, producer: ProducerId, tp: TopicPartition) -> u32 {
        if let Some(i) = self.free.pop() {
            let b = &mut self.slots[i as usize];
            b.producer = producer;
            b.tp = tp;
            b.bytes = 0;
            b.linger = None;
            b.phase = BatchPhase::Open;
            i
        } else {
            self.slots.push(Batch {
                producer,
                tp,
                records: Vec::new(),
                bytes: 0,
                linger: None,
                phase: BatchPhase::Open,
            });
            (self.slots.len() - 1) as u32
        }
    }

    pub(crate) fn get_mut(&mut self, slot: u32) -> &mut Batch<V> {
        &mut self.slots[slot as usize]
    }

    pub(crate) fn free(&mut self, slot: u32) {
        let b = &mut self.slots[slot as usize];
        b.records.clear();
        b.phase = BatchPhase::Free;
        self.free.push(slot);
    }

    /// Whether `slot` exists and is in `phase`.
    pub(crate) fn is(&self, slot: u32, phase: BatchPhase) -> bool {
        self.slots
            .get(slot as usize)
            .is_some_and(|b| b.phase == phase)
    }
}
