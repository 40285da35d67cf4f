//! Consuming: `poll` (a long poll of up to `max.poll.records`), fetches after the fetch latency,
//! the auto commit of a consumer waiting in a long poll, and seeking. Offsets and ownership
//! are `offsets.rs`.

use super::cluster::{KafkaCluster, KafkaEvent};
use super::consumer_group::{ConsumerId, FetchedChunk, MemberState};
use super::error::KafkaError;
use super::notice::{Delivery, Notice};
use crate::engine::{Context, SimDuration, SimTime};

impl<V: Clone> KafkaCluster<V> {
    /// Polls: if records are available on the consumer's partitions they arrive after the fetch
    /// latency, up to `max.poll.records`, as [`Notice::Record`]s followed by
    /// [`Notice::PollReturned`]; if none are, the poll waits and completes as soon as some
    /// arrive (long poll). With auto commit on, a poll `auto.commit.interval.ms` after the last
    /// auto commit first commits every position (what earlier polls returned).
    ///
    /// A poll is also where a Java consumer does its group work: a consumer out of the group
    /// (it did not poll within `max.poll.interval.ms`, or the group removed it) joins again;
    /// classic, a member that has learnt of a rebalance rejoins (`onJoinPrepare`: auto commit;
    /// eager, it gives up every partition, and the poll waits until the new assignment
    /// arrives); consumer protocol, a member with a new assignment reconciles. See the module
    /// docs of each protocol.
    pub fn poll<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) -> Result<(), KafkaError> {
        self.running(consumer)?;
        let now = cx.now();
        let c = &mut self.consumers[consumer.0 as usize];
        if c.state == MemberState::Active
            && c.config.enable_auto_commit
            && now >= c.next_auto_commit
        {
            c.next_auto_commit = now
                .checked_add(c.config.auto_commit_interval_ms)
                .unwrap_or(SimTime::MAX);
            self.commit_positions(now, consumer);
        }
        self.consumers[consumer.0 as usize].waiting = true;
        self.protocol_poll(cx, consumer);
        self.maybe_fetch(cx, consumer);
        self.arm_auto_commit(cx, consumer);
        Ok(())
    }

    /// While a consumer waits in a long poll with something uncommitted, its poll loop would
    /// still auto commit at the next interval: schedule that.
    fn arm_auto_commit<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, consumer: ConsumerId) {
        let c = &self.consumers[consumer.0 as usize];
        if !c.config.enable_auto_commit || !c.waiting || c.auto_commit.is_some() {
            return;
        }
        let group = &self.groups[c.group.0 as usize];
        let pending = c
            .assigned
            .iter()
            .any(|a| group.committed(a.tp) != Some(a.position));
        if !pending {
            return;
        }
        let at = c.next_auto_commit.max(cx.now());
        if let Ok(k) = cx.schedule_at(at, KafkaEvent::AutoCommit { consumer }.into()) {
            self.consumers[consumer.0 as usize].auto_commit = Some(k);
        }
    }

    pub(crate) fn auto_commit_while_waiting<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let now = cx.now();
        let c = &mut self.consumers[consumer.0 as usize];
        c.auto_commit = None;
        if c.state != MemberState::Active || !c.waiting {
            return;
        }
        if now >= c.next_auto_commit {
            c.next_auto_commit = now
                .checked_add(c.config.auto_commit_interval_ms)
                .unwrap_or(SimTime::MAX);
            self.commit_positions(now, consumer);
        }
        self.arm_auto_commit(cx, consumer);
    }

    /// Starts a fetch if the consumer waits, has none in flight and has records to read.
    pub(crate) fn maybe_fetch<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let c = &self.consumers[consumer.0 as usize];
        if !c.waiting || c.fetch.is_some() || c.state != MemberState::Active {
            return;
        }
        let topics = &self.topics;
        let available = c.assigned.iter().any(|a| {
            a.position
                < topics[a.tp.topic.0 as usize].logs[a.tp.partition as usize].log_end_offset()
        });
        if !available {
            return;
        }
        let c = &mut self.consumers[consumer.0 as usize];
        let latency: SimDuration = c.config.fetch_latency.sample(&mut c.rng);
        c.fetch = Some(cx.schedule_after(latency, KafkaEvent::FetchDone { consumer }.into()));
    }

    /// A fetch completes and the poll collects what is buffered, as Kafka 4.1's Java client
    /// does: the fetch brings, for every owned partition with nothing buffered, the records
    /// its log holds past the position (one chunk per partition, queued in partition order;
    /// an empty partition brings nothing and takes no turn). The poll then hands out up to
    /// `max.poll.records` records from the chunk next in line, and moves to the next chunk only
    /// when that one is drained (`FetchCollector.collectFetch`). A chunk whose partition was
    /// revoked or whose position moved (a seek) is dropped.
    pub(crate) fn fetch_done<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let c = &mut self.consumers[consumer.0 as usize];
        c.fetch = None;
        if c.state != MemberState::Active || !c.waiting {
            return;
        }
        let group = &mut self.groups[c.group.0 as usize];
        let topics = &self.topics;
        for a in c.assigned.iter_mut().filter(|a| !a.buffered) {
            let until =
                topics[a.tp.topic.0 as usize].logs[a.tp.partition as usize].log_end_offset();
            if a.position < until {
                a.buffered = true;
                c.fetched.push_back(FetchedChunk {
                    tp: a.tp,
                    next: a.position,
                    until,
                });
            }
        }
        let max = c.config.max_poll_records;
        let mut got = 0usize;
        while got < max {
            let Some(chunk) = c.fetched.front_mut() else {
                break;
            };
            let Some(a) = c.assigned.iter_mut().find(|a| a.tp == chunk.tp) else {
                c.fetched.pop_front(); // revoked since it was fetched
                continue;
            };
            if a.position == chunk.next {
                let log = &topics[a.tp.topic.0 as usize].logs[a.tp.partition as usize];
                let hw = &mut group.delivered_to[a.tp.topic.0 as usize][a.tp.partition as usize];
                while a.position < chunk.until && got < max {
                    let Some(r) = log.get(a.position) else {
                        // Released (cannot happen while the group's commits bound release): skip on.
                        a.position = log.log_start_offset().max(a.position + 1);
                        continue;
                    };
                    let redelivered = a.position < *hw;
                    if redelivered {
                        group.redeliveries += 1;
                    } else {
                        *hw = a.position + 1;
                    }
                    self.notices.push(Notice::Record(Delivery {
                        consumer,
                        tp: a.tp,
                        offset: a.position,
                        timestamp: r.timestamp,
                        key: r.key.clone(),
                        value: r.value.clone(),
                        redelivered,
                    }));
                    a.position += 1;
                    got += 1;
                }
                chunk.next = a.position;
                if a.position < chunk.until {
                    break; // this poll is full; the chunk stays next in line
                }
            }
            // Drained, or stale (the position moved since the fetch).
            a.buffered = false;
            c.fetched.pop_front();
        }
        if got > 0 {
            group.delivered += got as u64;
            c.waiting = false;
            self.notices.push(Notice::PollReturned {
                consumer,
                records: got,
            });
            self.arm_poll_timer(cx, consumer);
        } else {
            self.maybe_fetch(cx, consumer);
        }
    }

    /// `seekToEnd`: moves the consumer's position on every partition it owns to the log end
    /// offset, skipping what is there (committed at the next commit).
    pub fn seek_to_end(&mut self, consumer: ConsumerId) -> Result<(), KafkaError> {
        self.active(consumer)?;
        let topics = &self.topics;
        let c = &mut self.consumers[consumer.0 as usize];
        c.fetched.clear();
        for a in &mut c.assigned {
            a.buffered = false;
            a.position =
                topics[a.tp.topic.0 as usize].logs[a.tp.partition as usize].log_end_offset();
        }
        Ok(())
    }

    /// `seekToBeginning`: moves the consumer's position on every partition it owns to the log
    /// start offset (the first record still kept), so it reads them again.
    pub fn seek_to_beginning<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) -> Result<(), KafkaError> {
        self.active(consumer)?;
        let topics = &self.topics;
        let c = &mut self.consumers[consumer.0 as usize];
        c.fetched.clear();
        for a in &mut c.assigned {
            a.buffered = false;
            a.position =
                topics[a.tp.topic.0 as usize].logs[a.tp.partition as usize].log_start_offset();
        }
        self.maybe_fetch(cx, consumer);
        Ok(())
    }
}
