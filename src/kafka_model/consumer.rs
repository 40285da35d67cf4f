//! The consumer side of the cluster: join, poll (long poll, `max.poll.records`), commit (auto
//! and manual), clean leave, crash and session expiry.

use rand::Rng;

use super::cluster::{KafkaCluster, KafkaEvent};
use super::config::{AutoOffsetReset, ConsumerConfig};
use super::consumer_group::{
    Assigned, Consumer, ConsumerId, GroupId, MemberState, RebalanceReason,
};
use super::error::KafkaError;
use super::notice::{Delivery, Notice};
use super::topic::{TopicId, TopicPartition};
use crate::engine::{Context, SimDuration, SimTime};

impl<V: Clone> KafkaCluster<V> {
    /// A new consumer joins `group`, subscribed to `config.topics`; this starts a rebalance
    /// (after `group.initial.rebalance.delay.ms` if the group was empty). It gets partitions
    /// when the rebalance ends ([`Notice::Assigned`]).
    ///
    /// A static member (with a `group.instance.id`) that takes the place of a silent member with
    /// the same id (crashed or closed, session not yet expired) gets its partitions at once, and
    /// the group does not rebalance. The same id on an active member is a
    /// [`KafkaError::DuplicateMember`].
    pub fn join<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        group: GroupId,
        config: ConsumerConfig,
    ) -> Result<ConsumerId, KafkaError> {
        let g = self
            .groups
            .get(group.0 as usize)
            .ok_or_else(|| KafkaError::UnknownGroup(format!("#{}", group.0)))?;
        if config.topics.is_empty() {
            return Err(KafkaError::NoSubscription);
        }
        let mut topics: Vec<TopicId> = Vec::with_capacity(config.topics.len());
        for name in &config.topics {
            let id = self.topic_id(name)?;
            if !topics.contains(&id) {
                topics.push(id);
            }
        }
        let mut replaces = None;
        if let Some(inst) = &config.group_instance_id {
            let holder = g.members.iter().copied().find(|m| {
                self.consumers[m.0 as usize]
                    .config
                    .group_instance_id
                    .as_ref()
                    == Some(inst)
            });
            if let Some(m) = holder {
                if !self.consumers[m.0 as usize].state.is_silent() {
                    return Err(KafkaError::DuplicateMember(inst.clone()));
                }
                replaces = Some(m);
            }
        }
        self.client_counter += 1;
        let client_id = config
            .client_id
            .clone()
            .unwrap_or_else(|| format!("consumer-{}-{}", g.name, self.client_counter));
        let mut id_rng = cx
            .seeds()
            .stream(&format!("kafka-member-{}-{}", g.name, self.client_counter));
        let uuid: u128 = id_rng.random();
        let member_id = format!("{client_id}-{uuid:032x}");
        let rng = cx.seeds().stream(&format!("kafka-consumer-{member_id}"));
        let id = ConsumerId(self.consumers.len() as u32);
        let now = cx.now();
        self.consumers.push(Consumer {
            group,
            member_id,
            next_auto_commit: now
                .checked_add(config.auto_commit_interval_ms)
                .unwrap_or(SimTime::MAX),
            config,
            topics: topics.clone(),
            rng,
            state: MemberState::Active,
            joined_at: now,
            assigned: Vec::new(),
            waiting: false,
            rejoin: false,
            fetch: None,
            auto_commit: None,
            next_partition: 0,
        });
        for t in topics {
            self.subscribe_group(now, group, t);
        }
        if let Some(old) = replaces {
            // Static membership: the new consumer takes the silent member's place and its
            // partitions (from the committed offsets), and the group does not rebalance.
            self.consumers[old.0 as usize].state = MemberState::Replaced;
            let tps: Vec<TopicPartition> = self.consumers[old.0 as usize]
                .assigned
                .iter()
                .map(|a| a.tp)
                .collect();
            self.revoke(old, &tps);
            let members = &mut self.groups[group.0 as usize].members;
            if let Some(slot) = members.iter_mut().find(|m| **m == old) {
                *slot = id;
            }
            self.grant(cx, id, &tps);
            // Its JoinGroup stands for the old member's: a join phase that waited for it goes on.
            self.resume_if_unstalled(cx, group);
            return Ok(id);
        }
        let was_empty = self.groups[group.0 as usize].members.is_empty();
        self.groups[group.0 as usize].members.push(id);
        self.start_rebalance(cx, group, RebalanceReason::Join, was_empty, Some(id));
        Ok(id)
    }

    /// Registers `group` as a reader of `topic` (its committed offsets, its lag).
    fn subscribe_group(&mut self, now: SimTime, group: GroupId, topic: TopicId) {
        let g = &mut self.groups[group.0 as usize];
        if g.subscribes_to(topic) {
            return;
        }
        let t = &self.topics[topic.0 as usize];
        let n = t.partitions() as usize;
        let idx = topic.0 as usize;
        if g.committed.len() <= idx {
            g.committed.resize(idx + 1, Vec::new());
            g.delivered_to.resize(idx + 1, Vec::new());
        }
        g.committed[idx] = vec![None; n];
        g.delivered_to[idx] = t.logs.iter().map(|l| l.log_start_offset()).collect();
        let backlog: u64 = t
            .logs
            .iter()
            .map(|l| l.log_end_offset() - l.log_start_offset())
            .sum();
        let lag = g.total_lag + backlog;
        g.set_lag(now, lag);
        self.topic_groups[idx].push(group);
    }

    fn active(&self, consumer: ConsumerId) -> Result<(), KafkaError> {
        match self.consumers.get(consumer.0 as usize) {
            None => Err(KafkaError::UnknownConsumer(consumer.0)),
            Some(c) if c.state != MemberState::Active => Err(KafkaError::ConsumerGone(consumer.0)),
            Some(_) => Ok(()),
        }
    }

    /// Polls: if records are available on the consumer's partitions they arrive after the fetch
    /// latency, up to `max.poll.records`, as [`Notice::Record`]s followed by
    /// [`Notice::PollReturned`]; if none are, the poll waits and completes as soon as some
    /// arrive (long poll). With auto commit on, a poll `auto.commit.interval.ms` after the last
    /// auto commit first commits every position (what earlier polls returned).
    ///
    /// While the group rebalances, the first poll of a member that was busy when the rebalance
    /// started rejoins the group (`onJoinPrepare`: auto commit; eager: it gives up every
    /// partition, and the poll waits until the new assignment arrives). The rebalance waits
    /// for this; see the module docs.
    pub fn poll<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) -> Result<(), KafkaError> {
        self.active(consumer)?;
        if self.consumers[consumer.0 as usize].rejoin {
            // The group is rebalancing: this poll sends the member's JoinGroup.
            self.rejoin(cx, consumer);
        }
        let now = cx.now();
        let c = &mut self.consumers[consumer.0 as usize];
        if c.config.enable_auto_commit && now >= c.next_auto_commit {
            c.next_auto_commit = now
                .checked_add(c.config.auto_commit_interval_ms)
                .unwrap_or(SimTime::MAX);
            self.commit_positions(now, consumer);
        }
        self.consumers[consumer.0 as usize].waiting = true;
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

    /// A fetch completes: hands over up to `max.poll.records` records, partition by partition
    /// (starting after the partition the last poll started with), each in offset order.
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
        let max = c.config.max_poll_records;
        let n = c.assigned.len();
        let mut got = 0usize;
        for k in 0..n {
            if got >= max {
                break;
            }
            let a = &mut c.assigned[(c.next_partition + k) % n];
            let log = &self.topics[a.tp.topic.0 as usize].logs[a.tp.partition as usize];
            let end = log.log_end_offset();
            let hw = &mut group.delivered_to[a.tp.topic.0 as usize][a.tp.partition as usize];
            while a.position < end && got < max {
                let Some(r) = log.get(a.position) else {
                    // Released (cannot happen while the group's commits bound release): skip on.
                    a.position = log.log_start_offset();
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
        }
        if n > 0 {
            c.next_partition = (c.next_partition + 1) % n;
        }
        if got > 0 {
            group.delivered += got as u64;
            c.waiting = false;
            self.notices.push(Notice::PollReturned {
                consumer,
                records: got,
            });
        } else {
            self.maybe_fetch(cx, consumer);
        }
    }

    /// `seekToEnd`: moves the consumer's position on every partition it owns to the log end
    /// offset, skipping what is there (committed at the next commit).
    pub fn seek_to_end(&mut self, consumer: ConsumerId) -> Result<(), KafkaError> {
        self.active(consumer)?;
        let topics = &self.topics;
        for a in &mut self.consumers[consumer.0 as usize].assigned {
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
        for a in &mut self.consumers[consumer.0 as usize].assigned {
            a.position =
                topics[a.tp.topic.0 as usize].logs[a.tp.partition as usize].log_start_offset();
        }
        self.maybe_fetch(cx, consumer);
        Ok(())
    }

    /// Commits the consumer's position on every partition it owns (synchronously, as
    /// `commitSync()`): the committed offset is the next offset the group will read.
    pub fn commit<E>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) -> Result<(), KafkaError> {
        self.active(consumer)?;
        self.commit_positions(cx.now(), consumer);
        Ok(())
    }

    pub(crate) fn commit_positions(&mut self, now: SimTime, consumer: ConsumerId) {
        let n = self.consumers[consumer.0 as usize].assigned.len();
        for i in 0..n {
            let a = self.consumers[consumer.0 as usize].assigned[i];
            self.set_committed(
                now,
                self.consumers[consumer.0 as usize].group,
                a.tp,
                a.position,
            );
        }
    }

    pub(crate) fn commit_partitions(
        &mut self,
        now: SimTime,
        consumer: ConsumerId,
        tps: &[TopicPartition],
    ) {
        let c = &self.consumers[consumer.0 as usize];
        let group = c.group;
        let positions: Vec<(TopicPartition, u64)> = c
            .assigned
            .iter()
            .filter(|a| tps.contains(&a.tp))
            .map(|a| (a.tp, a.position))
            .collect();
        for (tp, pos) in positions {
            self.set_committed(now, group, tp, pos);
        }
    }

    fn set_committed(&mut self, now: SimTime, group: GroupId, tp: TopicPartition, offset: u64) {
        let (t, p) = (tp.topic.0 as usize, tp.partition as usize);
        let log = &mut self.topics[t].logs[p];
        let g = &mut self.groups[group.0 as usize];
        let old = g.committed[t][p];
        if old == Some(offset) {
            return;
        }
        let old_eff = old.unwrap_or(log.log_start_offset());
        g.committed[t][p] = Some(offset);
        let lag = (g.total_lag as i128 + old_eff as i128 - offset as i128).max(0) as u64;
        g.set_lag(now, lag);
        if self.topics[t].keep_history {
            return;
        }
        let mut min = u64::MAX;
        for gid in &self.topic_groups[t] {
            let c = self.groups[gid.0 as usize].committed[t][p];
            min = min.min(c.unwrap_or(0));
        }
        let log = &mut self.topics[t].logs[p];
        if min != u64::MAX && min > log.log_start_offset() {
            log.release_before(min);
        }
    }

    /// Leaves the group cleanly: commits (with auto commit on), gives up its partitions and
    /// starts a rebalance at once. A static member's close sends no LeaveGroup (as Kafka's
    /// client): it commits, then stays silent in the group until its session times out or a
    /// consumer with its `group.instance.id` takes its place.
    pub fn leave<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) -> Result<(), KafkaError> {
        self.active(consumer)?;
        let now = cx.now();
        if self.consumers[consumer.0 as usize]
            .config
            .enable_auto_commit
        {
            self.commit_positions(now, consumer);
        }
        if self.consumers[consumer.0 as usize]
            .config
            .group_instance_id
            .is_some()
        {
            // A static member's close sends no LeaveGroup: it goes silent until its session
            // times out, or until a consumer with its group.instance.id takes its place.
            self.silence(cx, consumer, MemberState::Closed);
            return Ok(());
        }
        self.remove_member(cx, consumer, MemberState::Left);
        let group = self.consumers[consumer.0 as usize].group;
        self.start_rebalance(cx, group, RebalanceReason::Leave, false, None);
        Ok(())
    }

    /// Crashes the consumer now: it stops polling, committing and heartbeating. The coordinator
    /// removes it `session.timeout.ms` after its last heartbeat (heartbeats go every
    /// `heartbeat.interval.ms` from its join) and rebalances; what it read but did not commit is
    /// delivered again.
    pub fn crash<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) -> Result<(), KafkaError> {
        self.active(consumer)?;
        self.silence(cx, consumer, MemberState::Crashed);
        Ok(())
    }

    /// Stops a member's polling and heartbeats; the coordinator removes it a session timeout
    /// after its last heartbeat.
    fn silence<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
        state: MemberState,
    ) {
        let now = cx.now();
        // It will never send a JoinGroup: the join phase waits for its session to time out.
        self.stop_waiting_for(cx, consumer);
        let c = &mut self.consumers[consumer.0 as usize];
        c.state = state;
        c.waiting = false;
        if let Some(k) = c.fetch.take() {
            cx.cancel(k);
        }
        if let Some(k) = c.auto_commit.take() {
            cx.cancel(k);
        }
        let at = Self::session_expiry(
            c.joined_at,
            now,
            c.config.heartbeat_interval_ms,
            c.config.session_timeout_ms,
        );
        let _ = cx.schedule_at(at.max(now), KafkaEvent::SessionExpired { consumer }.into());
    }

    /// When a member that joined at `joined` and went silent at `silent` is declared dead:
    /// `session.timeout.ms` after its last heartbeat.
    pub(crate) fn session_expiry(
        joined: SimTime,
        silent: SimTime,
        heartbeat: SimDuration,
        session: SimDuration,
    ) -> SimTime {
        let since = silent.saturating_since(joined).as_nanos();
        let hb = heartbeat.as_nanos().max(1);
        let last = joined.as_nanos() + since / hb * hb;
        SimTime::from_nanos(last)
            .checked_add(session)
            .unwrap_or(SimTime::MAX)
    }

    pub(crate) fn session_expired<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        if !self.consumers[consumer.0 as usize].state.is_silent() {
            return;
        }
        self.remove_member(cx, consumer, MemberState::Removed);
        let group = self.consumers[consumer.0 as usize].group;
        self.notices.push(Notice::MemberRemoved { group, consumer });
        self.start_rebalance(cx, group, RebalanceReason::SessionTimeout, false, None);
    }

    /// Takes a member out of its group and gives up its partitions.
    pub(crate) fn remove_member<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
        state: MemberState,
    ) {
        self.stop_waiting_for(cx, consumer);
        let c = &mut self.consumers[consumer.0 as usize];
        c.state = state;
        c.waiting = false;
        if let Some(k) = c.fetch.take() {
            cx.cancel(k);
        }
        if let Some(k) = c.auto_commit.take() {
            cx.cancel(k);
        }
        let group = c.group;
        let tps: Vec<TopicPartition> = c.assigned.iter().map(|a| a.tp).collect();
        self.revoke(consumer, &tps);
        self.groups[group.0 as usize]
            .members
            .retain(|&m| m != consumer);
    }

    /// Takes `tps` from the consumer (no commit) and tells the caller.
    pub(crate) fn revoke(&mut self, consumer: ConsumerId, tps: &[TopicPartition]) {
        if tps.is_empty() {
            return;
        }
        let c = &mut self.consumers[consumer.0 as usize];
        c.assigned.retain(|a| !tps.contains(&a.tp));
        c.next_partition = 0;
        for tp in tps {
            self.owners[tp.topic.0 as usize][tp.partition as usize].retain(|&o| o != consumer);
        }
        self.notices.push(Notice::Revoked {
            consumer,
            partitions: tps.to_vec(),
        });
    }

    /// Gives `tps` to the consumer, each at the group's committed offset or, without one, at
    /// `auto.offset.reset`; tells the caller and wakes a waiting poll.
    pub(crate) fn grant<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
        tps: &[TopicPartition],
    ) {
        if tps.is_empty() {
            return;
        }
        let c = &self.consumers[consumer.0 as usize];
        let group = &self.groups[c.group.0 as usize];
        let reset = c.config.auto_offset_reset;
        let mut add = Vec::with_capacity(tps.len());
        for &tp in tps {
            let log = &self.topics[tp.topic.0 as usize].logs[tp.partition as usize];
            let position = group.committed(tp).unwrap_or(match reset {
                AutoOffsetReset::Earliest => log.log_start_offset(),
                AutoOffsetReset::Latest => log.log_end_offset(),
            });
            add.push(Assigned { tp, position });
            self.owners[tp.topic.0 as usize][tp.partition as usize].push(consumer);
        }
        self.consumers[consumer.0 as usize].assigned.extend(add);
        self.notices.push(Notice::Assigned {
            consumer,
            partitions: tps.to_vec(),
        });
        self.maybe_fetch(cx, consumer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_is_a_session_after_the_last_heartbeat() {
        let s = |x: u64| SimTime::from_nanos(x * 1_000_000_000);
        let d = SimDuration::from_secs;
        // Joined at 10 s, heartbeats at 13, 16, 19; silent at 20 s: last heartbeat 19 s.
        assert_eq!(
            KafkaCluster::<u8>::session_expiry(s(10), s(20), d(3), d(45)),
            s(64)
        );
        // Silent exactly on a heartbeat: that heartbeat went out.
        assert_eq!(
            KafkaCluster::<u8>::session_expiry(s(10), s(19), d(3), d(45)),
            s(64)
        );
    }
}
