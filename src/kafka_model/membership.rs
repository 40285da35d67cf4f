//! Group membership as the client drives it: joining (member ids, subscriptions, the static
//! member checks), a clean leave, a crash, the session that times out behind a silent member,
//! and the heartbeat thread's `max.poll.interval.ms` check. What the group then does is its
//! protocol's, through the seam in `protocol.rs`.

use rand::Rng;

use super::cluster::{KafkaCluster, KafkaEvent};
use super::config::{ConsumerConfig, GroupProtocol};
use super::consumer_group::{Consumer, ConsumerId, GroupId, MemberState, Rejoin, RemovalReason};
use super::error::KafkaError;
use super::notice::Notice;
use super::topic::{TopicId, TopicPartition};
use crate::engine::{Context, SimTime};

impl<V: Clone> KafkaCluster<V> {
    /// A new consumer joins `group`, subscribed to `config.topics`.
    ///
    /// Classic protocol: this starts a rebalance (after `group.initial.rebalance.delay.ms` if
    /// the group was empty), and the consumer gets partitions when it ends
    /// ([`Notice::Assigned`]). A static member (with a `group.instance.id`) that takes the
    /// place of a silent member with the same id (crashed or closed, session not yet expired)
    /// gets its partitions at once, and the group does not rebalance; the same id on an active
    /// member is a [`KafkaError::DuplicateMember`].
    ///
    /// Consumer protocol: its first heartbeat bumps the group epoch and the broker computes a
    /// new target assignment; it gets at once what is free and the rest as the other members
    /// release it. A static member takes the place of one that left with epoch -2 (same
    /// assignment, no new epoch); while any other member holds the `group.instance.id` (a
    /// crashed one whose session has not expired, say) the join is refused with
    /// [`KafkaError::UnreleasedInstanceId`], as Kafka does (its client then fails fatally).
    /// Setting `session.timeout.ms` or `heartbeat.interval.ms` on the consumer is a
    /// [`KafkaError::UnsupportedConfig`], as in Kafka.
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
        match g.config.protocol {
            GroupProtocol::Classic(_) => {
                if let Some(m) = self.static_holder(group, config.group_instance_id.as_deref()) {
                    if self.consumers[m.0 as usize].state == MemberState::Active {
                        return Err(KafkaError::DuplicateMember(
                            config.group_instance_id.clone().unwrap_or_default(),
                        ));
                    }
                    replaces = Some(m);
                }
            }
            GroupProtocol::Consumer(_) => {
                if config.session_timeout_ms.is_some() {
                    return Err(KafkaError::UnsupportedConfig("session.timeout.ms"));
                }
                if config.heartbeat_interval_ms.is_some() {
                    return Err(KafkaError::UnsupportedConfig("heartbeat.interval.ms"));
                }
                if let Some(inst) = &config.group_instance_id {
                    if !self.consumer_protocol_can_join(group, inst) {
                        return Err(KafkaError::UnreleasedInstanceId(inst.clone()));
                    }
                }
            }
        }
        self.client_counter += 1;
        let client_id = config
            .client_id
            .clone()
            .unwrap_or_else(|| format!("consumer-{}-{}", g.name, self.client_counter));
        let member_id = self.new_member_id(cx, group, &client_id);
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
            heartbeat_from: now,
            heartbeat: None,
            session: None,
            assigned: Vec::new(),
            waiting: false,
            last_poll: now,
            poll_timer: None,
            rejoin: Rejoin::No,
            reconcile: None,
            fetch: None,
            auto_commit: None,
            fetched: Default::default(),
        });
        for t in topics {
            self.subscribe_group(now, group, t);
        }
        self.protocol_join(cx, id, replaces);
        Ok(id)
    }

    /// A member id as the coordinator hands it out: `<client.id>-<uuid>`, the uuid from the
    /// stream `kafka-member-<group>-<n>` (the n-th client the cluster made).
    pub(crate) fn new_member_id<E>(
        &mut self,
        cx: &Context<E>,
        group: GroupId,
        client_id: &str,
    ) -> String {
        let name = &self.groups[group.0 as usize].name;
        let mut id_rng = cx
            .seeds()
            .stream(&format!("kafka-member-{name}-{}", self.client_counter));
        let uuid: u128 = id_rng.random();
        format!("{client_id}-{uuid:032x}")
    }

    /// The group member holding `group.instance.id` `instance`, if any.
    pub(crate) fn static_holder(
        &self,
        group: GroupId,
        instance: Option<&str>,
    ) -> Option<ConsumerId> {
        let instance = instance?;
        self.groups[group.0 as usize]
            .members
            .iter()
            .copied()
            .find(|m| {
                self.consumers[m.0 as usize]
                    .config
                    .group_instance_id
                    .as_deref()
                    == Some(instance)
            })
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

    /// Ok if the consumer may act: active, or out of the group but still running (it rejoins).
    pub(crate) fn running(&self, consumer: ConsumerId) -> Result<(), KafkaError> {
        match self.consumers.get(consumer.0 as usize) {
            None => Err(KafkaError::UnknownConsumer(consumer.0)),
            Some(c) if matches!(c.state, MemberState::Active | MemberState::Rejoining) => Ok(()),
            Some(_) => Err(KafkaError::ConsumerGone(consumer.0)),
        }
    }

    /// Ok if the consumer is active in its group.
    pub(crate) fn active(&self, consumer: ConsumerId) -> Result<(), KafkaError> {
        self.running(consumer)?;
        match self.consumers[consumer.0 as usize].state {
            MemberState::Active => Ok(()),
            _ => Err(KafkaError::CommitFailed(consumer.0)),
        }
    }

    /// Whether `consumer` is a member of its group as the coordinator sees it.
    pub(crate) fn is_member(&self, consumer: ConsumerId) -> bool {
        let group = self.consumers[consumer.0 as usize].group;
        self.groups[group.0 as usize].members.contains(&consumer)
    }

    /// Closes the consumer cleanly: commits (with auto commit on) and leaves. A dynamic
    /// member gives up its partitions and the group rebalances at once. A static member's
    /// close keeps its place: classic, its client sends no LeaveGroup; consumer protocol, it
    /// leaves with epoch -2. Its partitions wait for it until its session times out or a
    /// consumer with its `group.instance.id` takes its place.
    pub fn leave<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) -> Result<(), KafkaError> {
        self.running(consumer)?;
        let c = &self.consumers[consumer.0 as usize];
        if c.state == MemberState::Active && c.config.enable_auto_commit {
            self.commit_positions(cx.now(), consumer);
        }
        self.protocol_leave(cx, consumer);
        Ok(())
    }

    /// Crashes the consumer now: it stops polling, committing and heartbeating. The coordinator
    /// removes it `session.timeout.ms` after its last heartbeat and the group rebalances; what
    /// it read but did not commit is delivered again.
    pub fn crash<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) -> Result<(), KafkaError> {
        self.running(consumer)?;
        self.silence(cx, consumer, MemberState::Crashed);
        Ok(())
    }

    /// Stops a consumer's polling and heartbeats; if it is still a member, the coordinator
    /// removes it a session timeout after its last heartbeat.
    pub(crate) fn silence<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
        state: MemberState,
    ) {
        // It will not send a JoinGroup: a classic join phase waits for its session to time out.
        self.consumers[consumer.0 as usize].state = state;
        self.stop_waiting_for(cx, consumer);
        self.stop_client(cx, consumer);
        self.arm_session_expiry(cx, consumer);
    }

    /// Cancels what a consumer's client had under way: fetch, auto commit, heartbeat and the
    /// poll timer.
    pub(crate) fn stop_client<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let c = &mut self.consumers[consumer.0 as usize];
        c.waiting = false;
        c.rejoin = Rejoin::No;
        c.reconcile = None;
        for key in [
            c.fetch.take(),
            c.auto_commit.take(),
            c.heartbeat.take(),
            c.poll_timer.take(),
        ]
        .into_iter()
        .flatten()
        {
            cx.cancel(key);
        }
    }

    /// A member that stopped heartbeating is still in the group: its session times out
    /// `session.timeout.ms` after its last heartbeat.
    pub(crate) fn arm_session_expiry<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        if !self.is_member(consumer) {
            return;
        }
        let now = cx.now();
        let (interval, session) = self.heartbeat_and_session(consumer);
        let c = &mut self.consumers[consumer.0 as usize];
        let at = c
            .last_heartbeat(now, interval)
            .checked_add(session)
            .unwrap_or(SimTime::MAX)
            .max(now);
        if let Some(k) = c.session.take() {
            cx.cancel(k);
        }
        c.session = cx
            .schedule_at(at, KafkaEvent::SessionExpired { consumer }.into())
            .ok();
    }

    /// A silent member's session timed out: the coordinator takes it out of the group.
    pub(crate) fn session_expired<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        self.consumers[consumer.0 as usize].session = None;
        if self.consumers[consumer.0 as usize].state == MemberState::Active
            || !self.is_member(consumer)
        {
            return;
        }
        self.protocol_session_expired(cx, consumer);
    }

    /// The heartbeat thread's check of `max.poll.interval.ms`: a member busy since its last
    /// poll returned for that long leaves the group (the protocol decides how) and rejoins at
    /// its next `poll`.
    pub(crate) fn poll_timer_due<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let now = cx.now();
        let c = &mut self.consumers[consumer.0 as usize];
        c.poll_timer = None;
        if c.state != MemberState::Active || c.waiting {
            return;
        }
        let due = c
            .last_poll
            .checked_add(c.config.max_poll_interval_ms)
            .unwrap_or(SimTime::MAX);
        if now < due {
            c.poll_timer = cx
                .schedule_at(due, KafkaEvent::PollTimeout { consumer }.into())
                .ok();
            return;
        }
        self.protocol_poll_timeout(cx, consumer);
    }

    /// Starts the `max.poll.interval.ms` clock of a consumer whose poll just returned.
    pub(crate) fn arm_poll_timer<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let c = &mut self.consumers[consumer.0 as usize];
        c.last_poll = cx.now();
        if c.poll_timer.is_none() {
            let at = c
                .last_poll
                .checked_add(c.config.max_poll_interval_ms)
                .unwrap_or(SimTime::MAX);
            c.poll_timer = cx
                .schedule_at(at, KafkaEvent::PollTimeout { consumer }.into())
                .ok();
        }
    }

    /// Takes a member out of its group, gives up its partitions (uncommitted: what it read
    /// since its last commit goes to the next owner again) and tells the caller why. `state` is
    /// the client's state from now on.
    pub(crate) fn remove_member<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
        state: MemberState,
        reason: RemovalReason,
    ) {
        self.stop_waiting_for(cx, consumer);
        self.stop_client(cx, consumer);
        let c = &mut self.consumers[consumer.0 as usize];
        c.state = state;
        if let Some(k) = c.session.take() {
            cx.cancel(k);
        }
        let group = c.group;
        let tps: Vec<TopicPartition> = c.owned();
        self.revoke(consumer, &tps);
        let g = &mut self.groups[group.0 as usize];
        g.members.retain(|&m| m != consumer);
        g.removals.count(reason);
        self.notices.push(Notice::MemberRemoved {
            group,
            consumer,
            reason,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SimDuration;
    use crate::kafka_model::config::ConsumerConfig;

    #[test]
    fn heartbeats_count_from_when_the_timer_started() {
        let s = |x: u64| SimTime::from_nanos(x * 1_000_000_000);
        let d = SimDuration::from_secs;
        let mut c = Consumer {
            group: GroupId(0),
            member_id: String::new(),
            config: ConsumerConfig::new(["t"]),
            topics: Vec::new(),
            rng: crate::engine::RngStreams::new(1).stream("x"),
            state: MemberState::Active,
            heartbeat_from: s(10),
            heartbeat: None,
            session: None,
            assigned: Vec::new(),
            waiting: false,
            last_poll: s(0),
            poll_timer: None,
            rejoin: Rejoin::No,
            reconcile: None,
            fetch: None,
            next_auto_commit: s(0),
            auto_commit: None,
            fetched: Default::default(),
        };
        // Timer from 10 s, every 3 s: 13, 16, 19, 22. Silent at 20 s: the last went at 19 s.
        assert_eq!(c.last_heartbeat(s(20), d(3)), s(19));
        // Exactly on a heartbeat: that heartbeat went out.
        assert_eq!(c.last_heartbeat(s(19), d(3)), s(19));
        assert_eq!(c.next_heartbeat(s(19), d(3)), s(22));
        assert_eq!(c.next_heartbeat(s(20), d(3)), s(22));
        c.heartbeat_from = s(21);
        assert_eq!(c.last_heartbeat(s(20), d(3)), s(21));
    }
}
