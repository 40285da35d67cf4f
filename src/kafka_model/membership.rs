//! Group membership as the client drives it: joining (member ids, subscriptions), a clean
//! leave, a crash, and the session expiry that removes a silent member. How the group then
//! rebalances is the protocol's (`classic/`).

use rand::Rng;

use super::cluster::{KafkaCluster, KafkaEvent};
use super::config::ConsumerConfig;
use super::consumer_group::{Consumer, ConsumerId, GroupId, MemberState, RebalanceReason};
use super::error::KafkaError;
use super::notice::Notice;
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

    pub(crate) fn active(&self, consumer: ConsumerId) -> Result<(), KafkaError> {
        match self.consumers.get(consumer.0 as usize) {
            None => Err(KafkaError::UnknownConsumer(consumer.0)),
            Some(c) if c.state != MemberState::Active => Err(KafkaError::ConsumerGone(consumer.0)),
            Some(_) => Ok(()),
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
