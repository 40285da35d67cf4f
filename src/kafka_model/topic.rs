//! Topics and partition logs: append-only records with offsets, a log start and a log end
//! offset, and release of the records every group has committed past. No consumer logic here.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;

use super::error::KafkaError;
use crate::engine::SimTime;

/// A topic's id within a cluster (its creation index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicId(pub u32);

/// One partition of one topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicPartition {
    /// The topic.
    pub topic: TopicId,
    /// The partition number, from 0.
    pub partition: u32,
}

impl TopicPartition {
    /// Partition `partition` of `topic`.
    pub const fn new(topic: TopicId, partition: u32) -> Self {
        TopicPartition { topic, partition }
    }
}

impl fmt::Display for TopicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "topic#{}", self.0)
    }
}

/// Kafka's longest topic name (`Topic.MAX_NAME_LENGTH`).
pub const MAX_TOPIC_NAME_LENGTH: usize = 249;

/// Checks a topic name against Kafka's rule (`Topic.validate`): 1 to 249 characters from ASCII
/// letters, digits, `.`, `_` and `-`, and neither `.` nor `..`.
pub fn check_topic_name(name: &str) -> Result<(), KafkaError> {
    let legal = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if name.is_empty()
        || name == "."
        || name == ".."
        || name.len() > MAX_TOPIC_NAME_LENGTH
        || !name.chars().all(legal)
    {
        return Err(KafkaError::InvalidTopicName(name.to_string()));
    }
    Ok(())
}

/// A record in a partition log.
#[derive(Clone, Debug)]
pub struct Record<V> {
    /// The key, if any (shared, so handing it to consumers does not copy it).
    pub key: Option<Arc<[u8]>>,
    /// The caller's payload.
    pub value: V,
    /// The record's timestamp (`CreateTime`: when the producer's `send` was called).
    pub timestamp: SimTime,
}

/// One partition's log: the records from `log_start_offset` to `log_end_offset`.
#[derive(Clone, Debug)]
pub struct PartitionLog<V> {
    base: u64,
    records: VecDeque<Record<V>>,
}

impl<V> Default for PartitionLog<V> {
    fn default() -> Self {
        PartitionLog {
            base: 0,
            records: VecDeque::new(),
        }
    }
}

impl<V> PartitionLog<V> {
    /// The offset of the first record still kept.
    pub fn log_start_offset(&self) -> u64 {
        self.base
    }

    /// The offset the next record will get.
    pub fn log_end_offset(&self) -> u64 {
        self.base + self.records.len() as u64
    }

    /// Records kept in memory.
    pub fn retained(&self) -> usize {
        self.records.len()
    }

    /// Appends a record, returning its offset.
    pub fn append(&mut self, record: Record<V>) -> u64 {
        self.records.push_back(record);
        self.log_end_offset() - 1
    }

    /// The record at `offset`, if kept.
    pub fn get(&self, offset: u64) -> Option<&Record<V>> {
        let i = offset.checked_sub(self.base)?;
        self.records.get(usize::try_from(i).ok()?)
    }

    /// Drops every record before `offset` (no-op if already gone).
    pub fn release_before(&mut self, offset: u64) {
        let offset = offset.min(self.log_end_offset());
        while self.base < offset {
            self.records.pop_front();
            self.base += 1;
        }
    }
}

/// A topic: a name and its partition logs.
#[derive(Clone, Debug)]
pub struct Topic<V> {
    pub(crate) name: String,
    pub(crate) keep_history: bool,
    pub(crate) logs: Vec<PartitionLog<V>>,
}

impl<V> Topic<V> {
    pub(crate) fn new(name: String, partitions: u32, keep_history: bool) -> Self {
        Topic {
            name,
            keep_history,
            logs: (0..partitions).map(|_| PartitionLog::default()).collect(),
        }
    }

    pub(crate) fn id(&self, index: usize) -> TopicId {
        TopicId(index as u32)
    }

    /// The topic's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its partition count.
    pub fn partitions(&self) -> u32 {
        self.logs.len() as u32
    }

    /// Whether it keeps every record (for late `earliest` readers) instead of releasing them.
    pub fn keeps_history(&self) -> bool {
        self.keep_history
    }

    /// Partition `p`'s log.
    pub fn log(&self, p: u32) -> Option<&PartitionLog<V>> {
        self.logs.get(p as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(v: u32) -> Record<u32> {
        Record {
            key: None,
            value: v,
            timestamp: SimTime::ZERO,
        }
    }

    #[test]
    fn offsets_survive_release() {
        let mut log = PartitionLog::default();
        for v in 0..5 {
            assert_eq!(log.append(rec(v)), u64::from(v));
        }
        log.release_before(3);
        assert_eq!(log.log_start_offset(), 3);
        assert_eq!(log.log_end_offset(), 5);
        assert_eq!(log.retained(), 2);
        assert!(log.get(2).is_none());
        assert_eq!(log.get(4).map(|r| r.value), Some(4));
        assert_eq!(log.append(rec(9)), 5);
        log.release_before(100);
        assert_eq!(log.log_start_offset(), 6);
        assert_eq!(log.retained(), 0);
    }
}
