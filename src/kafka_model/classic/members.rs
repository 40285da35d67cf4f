//! How members come into and go out of a classic group: a join (or a static member taking a
//! silent one's place), a rejoin from `poll`, a close (a static member's sends no LeaveGroup),
//! a session that expires, and the heartbeat thread's `max.poll.interval.ms` check.

use crate::engine::Context;
use crate::kafka_model::cluster::{KafkaCluster, KafkaEvent};
use crate::kafka_model::consumer_group::{
    ConsumerId, MemberState, RebalanceReason, Rejoin, RemovalReason,
};
use crate::kafka_model::topic::TopicPartition;

impl<V: Clone> KafkaCluster<V> {
    /// A new member's JoinGroup: it takes `replaces`'s place (a static member, no rebalance) or
    /// the group rebalances.
    pub(crate) fn classic_join<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
        replaces: Option<ConsumerId>,
    ) {
        match replaces {
            Some(old) => self.replace_static(cx, old, consumer),
            None => self.join_as_new_member(cx, consumer),
        }
    }

    fn join_as_new_member<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let c = &mut self.consumers[consumer.0 as usize];
        c.heartbeat_from = cx.now();
        let group = c.group;
        let members = &mut self.groups[group.0 as usize].members;
        let was_empty = members.is_empty();
        members.push(consumer);
        self.start_rebalance(cx, group, RebalanceReason::Join, was_empty, &[consumer]);
    }

    /// Static membership: `new` (a new consumer, or `old` itself coming back from `poll`)
    /// takes `old`'s place and partitions with no rebalance, reading them from the committed
    /// offsets (what `old` read since its last commit comes again). Its JoinGroup stands for
    /// the old member's: a join phase that waited for it goes on.
    fn replace_static<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        old: ConsumerId,
        new: ConsumerId,
    ) {
        let group = self.consumers[old.0 as usize].group;
        let tps: Vec<TopicPartition> = self.consumers[old.0 as usize].owned();
        if let Some(k) = self.consumers[old.0 as usize].session.take() {
            cx.cancel(k);
        }
        if old != new {
            self.stop_client(cx, old);
            self.consumers[old.0 as usize].state = MemberState::Replaced;
            if let Some(slot) = self.groups[group.0 as usize]
                .members
                .iter_mut()
                .find(|m| **m == old)
            {
                *slot = new;
            }
        }
        self.revoke(old, &tps);
        let c = &mut self.consumers[new.0 as usize];
        c.state = MemberState::Active;
        c.heartbeat_from = cx.now();
        let g = &mut self.groups[group.0 as usize];
        match &mut g.rebalance {
            // Eager: a member that has rejoined owns nothing until the round ends.
            Some(rb) if !g.config.protocol.is_incremental() => {
                if !tps.is_empty() {
                    rb.revoked.push((old, tps));
                }
            }
            _ => self.grant(cx, new, &tps),
        }
        self.resume_if_unstalled(cx, group);
    }

    /// The `poll` of a member out of the group (it left because it did not poll in time, or the
    /// coordinator removed it): it joins again with a new member id; a static member still in
    /// the group takes its own place back.
    pub(crate) fn classic_rejoin_from_poll<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let c = &self.consumers[consumer.0 as usize];
        let (group, client_id) = (c.group, client_id_of(&c.member_id).to_string());
        self.client_counter += 1;
        let member_id = self.new_member_id(cx, group, &client_id);
        let c = &mut self.consumers[consumer.0 as usize];
        c.member_id = member_id;
        c.state = MemberState::Active;
        if c.is_static() && self.is_member(consumer) {
            self.replace_static(cx, consumer, consumer);
        } else {
            self.join_as_new_member(cx, consumer);
        }
    }

    /// A member's `poll`: if it knows of a rebalance, it rejoins now.
    pub(crate) fn classic_poll<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        if self.consumers[consumer.0 as usize].rejoin == Rejoin::AtNextPoll {
            self.rejoin(cx, consumer);
        }
    }

    /// A member's heartbeat during a rebalance answers `REBALANCE_IN_PROGRESS`: blocked in
    /// `poll`, it rejoins at once; busy, at its next `poll`.
    pub(crate) fn classic_heartbeat<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let c = &mut self.consumers[consumer.0 as usize];
        if c.rejoin != Rejoin::Unaware {
            return;
        }
        if c.waiting {
            self.rejoin(cx, consumer);
        } else {
            c.rejoin = Rejoin::AtNextPoll;
        }
    }

    /// A close: a dynamic member sends LeaveGroup and the group rebalances at once; a static
    /// member sends nothing and stays in the group, silent, until its session times out.
    pub(crate) fn classic_leave<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        if self.consumers[consumer.0 as usize].is_static() {
            self.silence(cx, consumer, MemberState::Closed);
        } else if self.is_member(consumer) {
            self.remove_member(cx, consumer, MemberState::Left, RemovalReason::Leave);
            let group = self.consumers[consumer.0 as usize].group;
            self.start_rebalance(cx, group, RebalanceReason::Leave, false, &[]);
        } else {
            self.stop_client(cx, consumer);
            self.consumers[consumer.0 as usize].state = MemberState::Left;
        }
    }

    /// The coordinator removes a member whose session expired, and the group rebalances.
    pub(crate) fn classic_session_expired<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let state = self.consumers[consumer.0 as usize].state;
        self.remove_member(cx, consumer, state, RemovalReason::SessionTimeout);
        let group = self.consumers[consumer.0 as usize].group;
        self.start_rebalance(cx, group, RebalanceReason::SessionTimeout, false, &[]);
    }

    /// `max.poll.interval.ms` has passed since the member's last poll returned: its heartbeat
    /// thread leaves the group (`maybeLeaveGroup`). A dynamic member sends LeaveGroup and the
    /// group rebalances at once; a static member sends nothing, its heartbeats stop, and the
    /// coordinator removes it when its session times out (unless it polls, and so rejoins,
    /// before). Either way its commits fail from now on, and it rejoins at its next `poll`.
    pub(crate) fn classic_poll_timeout<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        if self.consumers[consumer.0 as usize].is_static() {
            self.silence(cx, consumer, MemberState::Rejoining);
            return;
        }
        self.remove_member(
            cx,
            consumer,
            MemberState::Rejoining,
            RemovalReason::PollTimeout,
        );
        let group = self.consumers[consumer.0 as usize].group;
        self.start_rebalance(cx, group, RebalanceReason::PollTimeout, false, &[]);
    }
}

/// The client id inside a member id `<client.id>-<uuid>`.
fn client_id_of(member_id: &str) -> &str {
    member_id.rsplit_once('-').map_or(member_id, |(c, _)| c)
}
