//! The preparers at work: joining the group (and scaling), polling, taking portions from the
//! hot cabinet, making orders up or sending them to the cook, crashing and rejoining, and
//! where each one's time goes.

use std::collections::VecDeque;

use super::cabinet::mget_has_enough;
use super::cook::{COOK_TAKE_TAG, COOK_TOP_UP_TAG};
use super::order::{Order, Portions};
use super::outputs::RunOutputs;
use super::preparer::{Doing, Preparer, Source, Spending, Taking, TimeSplit};
use super::shop::{IGNORED_TAG, Owner, Shop, ShopEvent};
use super::trace::{MadeFrom, ToCook, TraceEvent};
use crate::engine::{Context, SimDuration, SimTime};
use crate::kafka_model::{KafkaError, ProducerConfig};
use crate::redis_model::{Command, Delivered, Reply};
use crate::scenario::{GroupProtocolKind, TakeMode};

/// How long a preparer's process takes to come back after a fatal error (its supervisor
/// restarts it; Kubernetes' first crash-loop back-off is 10 s).
const FATAL_RESTART: SimDuration = SimDuration::from_secs(10);

impl<O: RunOutputs> Shop<'_, O> {
    /// A new preparer joins the group.
    pub(super) fn add_preparer(&mut self, cx: &mut Context<ShopEvent>) {
        let id = self.preparers.len() as u32 + 1;
        let producer = self
            .kafka
            .add_producer(cx, ProducerConfig::new(format!("preparer-{id}")));
        self.preparers.push(Preparer {
            id,
            consumer: crate::kafka_model::ConsumerId(u32::MAX),
            producer,
            redis: None,
            inbox: VecDeque::new(),
            doing: Doing::Polling,
            made: 0,
            time: TimeSplit::default(),
            crashed: false,
            left: false,
            leaving: false,
            stalled_until: None,
            last_made: cx.now(),
            epoch: 0,
        });
        self.join_preparer(cx, id as usize - 1);
    }

    /// Scales the preparers: one more while lag stays high, one fewer when one sits idle.
    pub(super) fn scale(&mut self, cx: &mut Context<ShopEvent>) {
        let now = cx.now();
        let sc = self.scenario.scaling.clone();
        let lag = self.kafka.total_lag(self.preparers_group);
        let active = self.preparers.iter().filter(|p| p.active()).count() as u32;
        if lag > sc.lag_above {
            let since = *self.lag_high_since.get_or_insert(now);
            if now.saturating_since(since) >= sc.sustained && active < sc.max_preparers {
                self.add_preparer(cx);
                self.counters.preparers_added += 1;
                let preparer = self.preparers.len() as u32;
                self.trace(now, TraceEvent::PreparerAdded { preparer });
                self.lag_high_since = Some(now);
            }
            return;
        }
        self.lag_high_since = None;
        if active <= self.scenario.preparers.count {
            return;
        }
        let idle = self.preparers.iter().rposition(|p| {
            p.active()
                && p.doing == Doing::Polling
                && p.inbox.is_empty()
                && now.saturating_since(p.last_made) >= sc.idle_after
        });
        if let Some(i) = idle {
            let p = &mut self.preparers[i];
            p.left = true;
            p.epoch += 1;
            let consumer = p.consumer;
            let _ = self.kafka.leave(cx, consumer);
            self.track_time(i, now);
            self.counters.preparers_removed += 1;
            let preparer = self.preparers[i].id;
            self.trace(now, TraceEvent::PreparerRemoved { preparer });
        }
    }

    /// Preparer `i` joins the group (again, after a restart) with a fresh Redis connection. A
    /// static preparer (`group.instance.id` `preparer-N`) refused because its old session
    /// still lives (UNRELEASED_INSTANCE_ID, consumer protocol) fails as Kafka's client does
    /// (fatally), and its process is restarted after [`FATAL_RESTART`].
    pub(super) fn join_preparer(&mut self, cx: &mut Context<ShopEvent>, i: usize) {
        let id = self.preparers[i].id;
        // `ready` (orders back from the cook) only where there is a cook: an idle topic would
        // still count in the assignors, and the sticky ones balance partitions over all
        // topics, so a preparer could end up with nothing but `ready` partitions.
        let has_cook = self.scenario.orders.plaice || self.scenario.cabinet.enabled;
        let topics: &[&str] = if has_cook {
            &["orders", "ready"]
        } else {
            &["orders"]
        };
        let mut config = self.consumer_config(topics, format!("preparer-{id}"));
        if self.scenario.preparers.static_members {
            config.group_instance_id = Some(format!("preparer-{id}"));
        }
        if self.scenario.kafka.group_protocol == GroupProtocolKind::Consumer {
            // The broker's group.consumer.* settings apply; the client may not set these.
            config.session_timeout_ms = None;
            config.heartbeat_interval_ms = None;
        }
        let consumer = match self.kafka.join(cx, self.preparers_group, config) {
            Ok(c) => c,
            Err(KafkaError::UnreleasedInstanceId(_)) => {
                self.counters.unreleased_instance_id += 1;
                let p = &mut self.preparers[i];
                p.crashed = true;
                cx.schedule_after(FATAL_RESTART, ShopEvent::Restart { preparer: id });
                self.track_time(i, cx.now());
                return;
            }
            Err(e) => panic!("preparer {id} cannot join its group: {e}"),
        };
        self.set_owner(consumer, Owner::Preparer(i));
        let needs_redis = self.cabinet.is_some() || self.scenario.preparers.idempotent;
        let redis = needs_redis.then(|| self.redis.connect());
        let p = &mut self.preparers[i];
        p.consumer = consumer;
        p.redis = redis;
        p.crashed = false;
        p.left = false;
        p.leaving = false;
        p.stalled_until = None;
        p.doing = Doing::Polling;
        self.kafka.poll(cx, consumer).expect("just joined");
        self.track_time(i, cx.now());
    }

    /// What preparer `i`'s time is going on now.
    pub(super) fn spending(&self, i: usize) -> Spending {
        let p = &self.preparers[i];
        if !p.active() {
            Spending::Away
        } else if matches!(p.doing, Doing::Making(..)) {
            Spending::Busy
        } else if self.kafka.waits_for_partitions(p.consumer) {
            Spending::Paused
        } else {
            Spending::Idle
        }
    }

    /// Preparer `i`'s time goes, from `now`, on what it is doing now; a change is written to
    /// series.csv (`spending:N`), so that charts can split any window of the run.
    pub(super) fn track_time(&mut self, i: usize, now: SimTime) {
        let spending = self.spending(i);
        if self.preparers[i].time.switch(spending, now) {
            let name = self.series.spending_name(i, self.preparers[i].id);
            self.out.point(now, name, spending as i64);
        }
    }

    pub(super) fn crash(&mut self, cx: &mut Context<ShopEvent>, preparer: u32) {
        let i = preparer as usize - 1;
        let p = &mut self.preparers[i];
        if p.crashed {
            return;
        }
        p.crashed = true;
        p.epoch += 1;
        p.inbox.clear();
        p.doing = Doing::Polling;
        let consumer = p.consumer;
        let _ = self.kafka.crash(cx, consumer);
        self.trace(cx.now(), TraceEvent::Crash { preparer });
        self.track_time(i, cx.now());
        self.out.point(cx.now(), &format!("crash:{preparer}"), 0);
        let restart = self
            .scenario
            .faults
            .iter()
            .find(|f| f.crash == Some(preparer) && SimTime::ZERO + f.at == cx.now())
            .and_then(|f| f.restart_after);
        if let Some(after) = restart {
            cx.schedule_after(after, ShopEvent::Restart { preparer });
        }
    }

    /// A crashed or departed preparer comes back (a new process: a new member, or the same
    /// static member).
    pub(super) fn restart(&mut self, cx: &mut Context<ShopEvent>, preparer: u32) {
        let i = preparer as usize - 1;
        if !self.preparers[i].active() {
            self.trace(cx.now(), TraceEvent::Restart { preparer });
            self.out.point(cx.now(), &format!("restart:{preparer}"), 0);
            self.join_preparer(cx, i);
        }
    }

    /// A `stall` fault: preparer `preparer` stops polling for `for_ms` (a jammed fryer). The
    /// order it is making is done only when the stall ends; it polls again after that.
    pub(super) fn stall(&mut self, cx: &mut Context<ShopEvent>, preparer: u32, for_ms: u32) {
        let i = preparer as usize - 1;
        let until = cx.now() + SimDuration::from_millis(u64::from(for_ms));
        let p = &mut self.preparers[i];
        if !p.active() {
            return;
        }
        p.stalled_until = Some(until);
        if let Doing::Making(..) = p.doing {
            p.epoch += 1;
            let _ = cx.schedule_at(
                until,
                ShopEvent::Made {
                    preparer,
                    epoch: p.epoch,
                },
            );
        }
        let _ = cx.schedule_at(until, ShopEvent::Resume { preparer });
        self.out.point(cx.now(), &format!("stall:{preparer}"), 0);
        let stall = TraceEvent::Stall {
            preparer,
            until: until.as_nanos(),
        };
        self.trace(cx.now(), stall);
    }

    /// The stall is over: a preparer held before its next poll takes up its work again.
    pub(super) fn resume(&mut self, cx: &mut Context<ShopEvent>, preparer: u32) {
        let i = preparer as usize - 1;
        if self.preparers[i].stalled_until.is_some() {
            self.trace(cx.now(), TraceEvent::Resume { preparer });
        }
        let p = &mut self.preparers[i];
        if p.stalled_until.take().is_some() && p.active() && p.doing == Doing::Polling {
            self.next_record(cx, i);
        }
    }

    /// A `leave` fault: preparer `preparer` shuts down cleanly once it has handled what it
    /// holds (it commits and leaves the group), and comes back after `restart_after` if set.
    pub(super) fn leave(&mut self, cx: &mut Context<ShopEvent>, preparer: u32) {
        let i = preparer as usize - 1;
        let p = &mut self.preparers[i];
        if !p.active() {
            return;
        }
        p.leaving = true;
        self.trace(cx.now(), TraceEvent::Leave { preparer });
        let p = &mut self.preparers[i];
        if p.doing == Doing::Polling && p.inbox.is_empty() {
            self.shut_down(cx, i);
        }
    }

    /// Preparer `i` closes its consumer (commit, leave) and goes; it restarts if a `leave`
    /// fault says so.
    fn shut_down(&mut self, cx: &mut Context<ShopEvent>, i: usize) {
        let p = &mut self.preparers[i];
        p.leaving = false;
        p.left = true;
        p.epoch += 1;
        let (consumer, preparer) = (p.consumer, p.id);
        let _ = self.kafka.leave(cx, consumer);
        self.track_time(i, cx.now());
        self.out.point(cx.now(), &format!("leave:{preparer}"), 0);
        let restart = self
            .scenario
            .faults
            .iter()
            .find(|f| f.leave == Some(preparer))
            .and_then(|f| f.restart_after);
        if let Some(after) = restart {
            cx.schedule_after(after, ShopEvent::Restart { preparer });
        }
    }

    /// Preparer `i` takes the next record from its inbox, or polls for more.
    pub(super) fn next_record(&mut self, cx: &mut Context<ShopEvent>, i: usize) {
        loop {
            let Some((order, source)) = self.preparers[i].inbox.pop_front() else {
                self.preparers[i].doing = Doing::Polling;
                if self.preparers[i].leaving {
                    self.shut_down(cx, i);
                    return;
                }
                if let Some(until) = self.preparers[i].stalled_until {
                    if cx.now() < until {
                        return; // stalled: it polls again when the stall ends
                    }
                    self.preparers[i].stalled_until = None;
                }
                let consumer = self.preparers[i].consumer;
                if self.kafka.poll(cx, consumer).is_err() && self.preparers[i].active() {
                    // The group removed it (it missed a rebalance's deadline): like the Java
                    // client after UNKNOWN_MEMBER_ID, it joins again as a new member.
                    self.join_preparer(cx, i);
                }
                return;
            };
            let started = TraceEvent::Started {
                order: order.id,
                preparer: self.preparers[i].id,
                topic: match source {
                    Source::Till { .. } => "orders",
                    Source::Cook => "ready",
                },
            };
            self.trace(cx.now(), started);
            if let Source::Till {
                partition, offset, ..
            } = source
            {
                if self.ledger.get_mut(order.id).is_some() {
                    self.ledger.logged(order.id, partition, offset);
                    self.ledger
                        .started(order.id, self.preparers[i].id, cx.now());
                }
                if self.scenario.preparers.idempotent {
                    // Ask Redis whether this order was made already; the reply decides.
                    let client = self.preparers[i]
                        .redis
                        .expect("idempotent preparers use Redis");
                    let key = self.redis.key(&format!("done:{}", order.id));
                    self.send_redis(cx, client, i as u64, Command::Exists(vec![key]));
                    self.preparers[i].doing = Doing::Checking(order, source);
                    return;
                }
            }
            if self.proceed(cx, i, order, source) {
                return;
            }
        }
    }

    /// Takes the order further: from the cabinet, to the cook, or onto the counter. Returns
    /// whether the preparer is now busy with it (false: it went to the cook).
    pub(super) fn proceed(
        &mut self,
        cx: &mut Context<ShopEvent>,
        i: usize,
        order: Order,
        source: Source,
    ) -> bool {
        if self.cabinet.is_some() {
            self.begin_take(cx, i, order, source);
            return true;
        }
        if order.has_plaice() && source != Source::Cook {
            self.send_to_cook(cx, i, order, source, ToCook::Plaice);
            return false;
        }
        self.start_making(cx, i, order, made_from(source, MadeFrom::Counter));
        true
    }

    /// Preparer `i` sends `order` (read from `source`) to the cook, on its own partition number.
    pub(super) fn send_to_cook(
        &mut self,
        cx: &mut Context<ShopEvent>,
        i: usize,
        order: Order,
        source: Source,
        reason: ToCook,
    ) {
        let preparer = self.preparers[i].id;
        let order_id = order.id;
        self.trace(
            cx.now(),
            TraceEvent::ToCook {
                order: order_id,
                preparer,
                reason,
            },
        );
        let producer = self.preparers[i].producer;
        let partition = match source {
            Source::Till { partition, .. } => partition,
            Source::Cook => 0,
        };
        self.kafka
            .send(cx, producer, self.cook_topic, None, Some(partition), order)
            .expect("the cook topic exists");
    }

    pub(super) fn start_making(
        &mut self,
        cx: &mut Context<ShopEvent>,
        i: usize,
        order: Order,
        from: MadeFrom,
    ) {
        let making = TraceEvent::Making {
            order: order.id,
            preparer: self.preparers[i].id,
            from,
        };
        self.trace(cx.now(), making);
        let took = self.scenario.preparers.prep_time.sample(&mut self.prep_rng);
        let p = &mut self.preparers[i];
        p.doing = Doing::Making(order, cx.now());
        cx.schedule_after(
            took,
            ShopEvent::Made {
                preparer: p.id,
                epoch: p.epoch,
            },
        );
        self.ledger.making(order.id, p.id, cx.now());
        self.track_time(i, cx.now());
    }

    pub(super) fn made(&mut self, cx: &mut Context<ShopEvent>, preparer: u32, epoch: u32) {
        let i = preparer as usize - 1;
        let Doing::Making(order, start) = self.preparers[i].doing else {
            return;
        };
        if self.preparers[i].epoch != epoch {
            return; // started before a crash
        }
        let p = &mut self.preparers[i];
        p.made += 1;
        p.last_made = cx.now();
        let duplicate = !self.ledger.ready(order.id, cx.now(), self.out);
        if duplicate {
            self.counters.duplicates += 1;
            self.ledger
                .duplicate(order, preparer, start, cx.now(), self.out);
        }
        let made = TraceEvent::Made {
            order: order.id,
            preparer,
            duplicate,
        };
        self.trace(cx.now(), made);
        if self.scenario.preparers.idempotent {
            let client = self.preparers[i]
                .redis
                .expect("idempotent preparers use Redis");
            let key = self.redis.key(&format!("done:{}", order.id));
            self.send_redis(cx, client, IGNORED_TAG, Command::Set(key, b"1".to_vec()));
        }
        self.next_record(cx, i);
        self.track_time(i, cx.now());
    }

    /// Starts taking `order`'s portions from the cabinet in the scenario's way.
    pub(super) fn begin_take(
        &mut self,
        cx: &mut Context<ShopEvent>,
        i: usize,
        order: Order,
        source: Source,
    ) {
        let keys = self.cabinet.expect("called with a cabinet");
        let needs = from_cabinet(order, source);
        if needs.is_empty() {
            self.start_making(cx, i, order, made_from(source, MadeFrom::Counter));
            return;
        }
        let client = self.preparers[i].redis.expect("connected with a cabinet");
        let tag = i as u64;
        let step = match self.scenario.cabinet.take {
            TakeMode::Script => {
                self.send_redis(cx, client, tag, Command::Take(keys.script_portions(needs)));
                Taking::Script
            }
            TakeMode::Watch => {
                self.send_redis(cx, client, tag, keys.watch(needs));
                self.send_redis(cx, client, tag, keys.mget(needs));
                Taking::WatchRead
            }
            TakeMode::CheckThenTake => {
                self.send_redis(cx, client, tag, keys.mget(needs));
                Taking::CheckRead
            }
        };
        self.preparers[i].doing = Doing::Taking(order, source, step);
    }

    /// A Redis reply reached a preparer (tag = its index) or the cook (the `COOK_` tags).
    pub(super) fn redis_reply(&mut self, cx: &mut Context<ShopEvent>, d: Delivered) {
        match d.tag {
            COOK_TAKE_TAG => return self.cook_took(cx, d),
            COOK_TOP_UP_TAG => return self.top_up_looked(cx, d),
            IGNORED_TAG => return,
            _ => {}
        }
        let i = d.tag as usize;
        if !self.preparers[i].active() || self.preparers[i].redis != Some(d.client) {
            return; // a reply to a connection that died with its preparer
        }
        if let Doing::Checking(order, source) = self.preparers[i].doing {
            if d.reply == Reply::Integer(1) {
                self.counters.duplicates_avoided += 1;
                let preparer = self.preparers[i].id;
                let skipped = TraceEvent::DuplicateSkipped {
                    order: order.id,
                    preparer,
                };
                self.trace(cx.now(), skipped);
                return self.next_record(cx, i);
            }
            if !self.proceed(cx, i, order, source) {
                self.next_record(cx, i);
            }
            return;
        }
        let Doing::Taking(order, source, step) = self.preparers[i].doing else {
            return;
        };
        let keys = self.cabinet.expect("replies only with a cabinet");
        let needs = from_cabinet(order, source);
        let client = self.preparers[i].redis.expect("connected");
        let tag = i as u64;
        let next = match step {
            Taking::Script => {
                if d.reply == Reply::OK {
                    return self.start_making(cx, i, order, MadeFrom::Cabinet);
                }
                return self.short(cx, i, order, source);
            }
            Taking::WatchRead => {
                if !matches!(d.reply, Reply::Array(_)) {
                    return; // the WATCH reply; the MGET reply follows
                }
                if mget_has_enough(&d.reply, keys.needs(needs).map(|(_, n)| n)) {
                    self.send_redis(cx, client, tag, Command::Multi);
                    let mut left = 2; // MULTI and EXEC
                    for c in keys.decrbys(needs) {
                        self.send_redis(cx, client, tag, c);
                        left += 1;
                    }
                    self.send_redis(cx, client, tag, Command::Exec);
                    Taking::WatchExec { left }
                } else {
                    self.send_redis(cx, client, tag, Command::Unwatch);
                    Taking::Unwatch
                }
            }
            Taking::WatchExec { left } if left > 1 => Taking::WatchExec { left: left - 1 },
            Taking::WatchExec { .. } => {
                if d.reply == Reply::NilArray {
                    // A watched counter changed after WATCH: try again from the start.
                    self.counters.watch_aborts += 1;
                    let preparer = self.preparers[i].id;
                    let abort = TraceEvent::WatchAbort {
                        order: order.id,
                        preparer,
                    };
                    self.trace(cx.now(), abort);
                    return self.begin_take(cx, i, order, source);
                }
                return self.start_making(cx, i, order, MadeFrom::Cabinet);
            }
            Taking::Unwatch => return self.short(cx, i, order, source),
            Taking::CheckRead => {
                if mget_has_enough(&d.reply, keys.needs(needs).map(|(_, n)| n)) {
                    let mut left = 0;
                    for c in keys.decrbys(needs) {
                        self.send_redis(cx, client, tag, c);
                        left += 1;
                    }
                    Taking::CheckTake {
                        left,
                        oversold: false,
                    }
                } else {
                    return self.short(cx, i, order, source);
                }
            }
            Taking::CheckTake { left, oversold } => {
                let oversold = oversold || matches!(d.reply, Reply::Integer(n) if n < 0);
                if left > 1 {
                    Taking::CheckTake {
                        left: left - 1,
                        oversold,
                    }
                } else {
                    if oversold {
                        self.counters.oversold += 1;
                        let preparer = self.preparers[i].id;
                        let event = TraceEvent::Oversold {
                            order: order.id,
                            preparer,
                        };
                        self.trace(cx.now(), event);
                    }
                    return self.start_making(cx, i, order, MadeFrom::Cabinet);
                }
            }
        };
        self.preparers[i].doing = Doing::Taking(order, source, next);
    }

    /// Not enough in the cabinet: the order goes to the cook.
    pub(super) fn short(
        &mut self,
        cx: &mut Context<ShopEvent>,
        i: usize,
        order: Order,
        source: Source,
    ) {
        self.counters.sent_to_cook += 1;
        self.send_to_cook(cx, i, order, source, ToCook::Short);
        self.next_record(cx, i);
    }
}

/// Where an order's food comes from when it is made up: back from the cook, or `otherwise`.
fn made_from(source: Source, otherwise: MadeFrom) -> MadeFrom {
    match source {
        Source::Cook => MadeFrom::Cook,
        Source::Till { .. } => otherwise,
    }
}

/// What an order takes from the cabinet: everything, or nothing when it is back from the
/// cook, who plated it.
fn from_cabinet(order: Order, source: Source) -> Portions {
    match source {
        Source::Cook => Portions::default(),
        Source::Till { .. } => order.portions(),
    }
}
