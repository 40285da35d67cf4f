//! The cook: plates the orders preparers send it (from the hot cabinet, frying only what the
//! cabinet lacks, in whole batches), fries plaice to order, and tops the cabinet up on a timer.

use std::collections::{BTreeMap, VecDeque};

use super::cabinet::{mget_counts, short_part};
use super::order::{Order, Portions};
use super::outputs::RunOutputs;
use super::shop::{IGNORED_TAG, Shop, ShopEvent};
use super::trace::TraceEvent;
use crate::engine::{Context, SimTime};
use crate::kafka_model::ProducerId;
use crate::redis_model::{ClientId, Command, Delivered, TakeOutcome};

/// Redis tag of the replies to the cook's take for an order.
pub(super) const COOK_TAKE_TAG: u64 = u64::MAX - 2;
/// Redis tag of the replies to the cook's look at the cabinet on the top-up timer.
pub(super) const COOK_TOP_UP_TAG: u64 = u64::MAX - 3;

/// Which of the cook's takes from the cabinet a reply answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CookTake {
    /// All of the order's cod and chips.
    Whole,
    /// What was there when the whole take came back short; `short` is what was not.
    Rest {
        /// The portions the cabinet lacked (to be fried).
        short: Portions,
    },
}

/// The cook: reads `cook`, fries in a number of baskets, tops up the cabinet, sends to `ready`.
#[derive(Debug)]
pub(crate) struct Cook {
    /// Its producer (to `ready`).
    pub(crate) producer: ProducerId,
    /// Its Redis connection, with a hot cabinet.
    pub(crate) redis: Option<ClientId>,
    /// Orders waiting for a basket.
    pub(crate) waiting: VecDeque<Order>,
    /// Orders whose portions the cook is taking from the cabinet (a script is out), in order.
    pub(crate) looking: VecDeque<(Order, CookTake)>,
    /// Orders in a basket with what is being fried for them in whole batches (the cabinet
    /// could not give it); at most one per basket.
    pub(crate) batches_for: Vec<(u64, Portions)>,
    /// Orders in a basket (at most one per basket): the event that ends the frying names the
    /// order by its id only, so that events stay small.
    pub(crate) in_baskets: Vec<Order>,
    /// The partition each order came to the cook on, to send it back on the same number.
    pub(crate) returns: BTreeMap<u64, u32>,
    /// Portions frying now on the top-up timer, for the cabinet.
    pub(crate) topping_up: Portions,
    /// Baskets frying now.
    pub(crate) frying: u32,
    /// Batches fried.
    pub(crate) batches: u64,
}

impl<O: RunOutputs> Shop<'_, O> {
    /// The cook takes waiting orders while a basket is free. The cook plates the whole order:
    /// with a cabinet, it first tries to take the order's cod and chips (one atomic script),
    /// and fries them if that fails (see `cook_looked`); plaice is always fried to order.
    pub(super) fn cook_start(&mut self, cx: &mut Context<ShopEvent>) {
        loop {
            let Some(cook) = &mut self.cook else { return };
            if cook.frying >= self.scenario.cook.baskets {
                return;
            }
            let Some(order) = cook.waiting.pop_front() else {
                return;
            };
            cook.frying += 1;
            let from_cabinet = cabinet_part(order);
            let redis = cook.redis;
            self.trace(cx.now(), TraceEvent::CookStart { order: order.id });
            match (self.cabinet, redis) {
                (Some(keys), Some(client)) if !from_cabinet.is_empty() => {
                    if let Some(cook) = &mut self.cook {
                        cook.looking.push_back((order, CookTake::Whole));
                    }
                    self.send_redis(
                        cx,
                        client,
                        COOK_TAKE_TAG,
                        Command::Take(keys.script_portions(from_cabinet)),
                    );
                }
                _ => self.fry(cx, order),
            }
        }
    }

    /// The cook's take came back. All taken: only plaice is left to fry (or nothing: the
    /// order goes straight back). Something short: the cook takes what is there (a second
    /// script) and fries only what is short, up to whole batches; if that take fails too, it
    /// fries all of the order's cod and chips.
    pub(super) fn cook_took(&mut self, cx: &mut Context<ShopEvent>, d: Delivered) {
        let Some((order, step)) = self.cook.as_mut().and_then(|c| c.looking.pop_front()) else {
            return;
        };
        let needs = cabinet_part(order);
        let outcome = TakeOutcome::from_reply(&d.reply);
        let to_fry = match (step, outcome) {
            (step, TakeOutcome::Taken) => {
                let short = match step {
                    CookTake::Rest { short } => short,
                    CookTake::Whole => Portions::default(),
                };
                if short.is_empty() && order.portions().plaice == 0 {
                    if let Some(cook) = &mut self.cook {
                        cook.frying -= 1;
                    }
                    self.send_ready(cx, order);
                    self.cook_start(cx);
                    return;
                }
                short
            }
            (CookTake::Whole, TakeOutcome::Short(keys)) => {
                let short = short_part(needs, &keys);
                let rest = needs.saturating_sub(short);
                if !short.is_empty() && !rest.is_empty() {
                    if let (Some(keys), Some(cook)) = (self.cabinet, &mut self.cook) {
                        let client = cook.redis.expect("the cook is connected with a cabinet");
                        cook.looking.push_back((order, CookTake::Rest { short }));
                        self.send_redis(
                            cx,
                            client,
                            COOK_TAKE_TAG,
                            Command::Take(keys.script_portions(rest)),
                        );
                        return;
                    }
                }
                if short.is_empty() { needs } else { short }
            }
            // The second take failed, or the script failed: fry everything.
            _ => needs,
        };
        let batch = self.batch_for(to_fry);
        if let Some(cook) = &mut self.cook {
            if !batch.is_empty() {
                cook.batches_for.push((order.id, batch));
            }
        }
        self.fry(cx, order);
    }

    /// A basket starts frying for `order`.
    fn fry(&mut self, cx: &mut Context<ShopEvent>, order: Order) {
        self.ledger.frying(order.id, cx.now());
        self.trace(cx.now(), TraceEvent::FryStart { order: order.id });
        let took = self.scenario.cook.fry_time.sample(&mut self.cook_rng);
        if let Some(cook) = &mut self.cook {
            cook.in_baskets.push(order);
        }
        // The event carries only the order's id: it stays small, and the queue moves it often.
        cx.schedule_after(took, ShopEvent::Fried { order: order.id });
    }

    /// The cook's basket is done: the order goes back with its food on `ready`, and what the
    /// batch made beyond the order goes into the cabinet.
    pub(super) fn fried(&mut self, cx: &mut Context<ShopEvent>, id: u64) {
        self.trace(cx.now(), TraceEvent::Fried { order: id });
        let Some(cook) = &mut self.cook else { return };
        let Some(k) = cook.in_baskets.iter().position(|o| o.id == id) else {
            return;
        };
        let order = cook.in_baskets.swap_remove(k);
        cook.frying -= 1;
        cook.batches += 1;
        // Only what the cabinet could not give was fried, in whole batches.
        let fried_batch = match cook.batches_for.iter().position(|&(id, _)| id == order.id) {
            Some(k) => cook.batches_for.swap_remove(k).1,
            None => Portions::default(),
        };
        let spare = fried_batch.saturating_sub(cabinet_part(order));
        if let (Some(keys), Some(client), false) = (self.cabinet, cook.redis, spare.is_empty()) {
            mark_batch(self.out, cx.now(), spare);
            self.send_redis(
                cx,
                client,
                IGNORED_TAG,
                Command::Add(keys.script_portions(spare)),
            );
        }
        self.send_ready(cx, order);
        self.cook_start(cx);
    }

    /// On the cook's timer, while the shop is open: a look at the cabinet (an MGET of the items
    /// that have a batch size); the reply decides what to fry (see `top_up_looked`).
    pub(super) fn top_up(&mut self, cx: &mut Context<ShopEvent>) {
        let (Some(keys), Some(client), Some(every)) = (
            self.cabinet,
            self.cook.as_ref().and_then(|c| c.redis),
            self.scenario.cook.top_up_every,
        ) else {
            return;
        };
        if !self.open {
            return;
        }
        self.send_redis(cx, client, COOK_TOP_UP_TAG, keys.mget(self.batch_size()));
        cx.schedule_after(every, ShopEvent::TopUp);
    }

    /// The cabinet's batch sizes.
    fn batch_size(&self) -> Portions {
        let b = self.scenario.cabinet.batch;
        Portions {
            cod: b.cod,
            chips: b.chips,
            plaice: b.plaice,
        }
    }

    /// The timer's look came back: a batch of every item with less than a batch left goes into
    /// a free basket (none free: the next tick looks again).
    pub(super) fn top_up_looked(&mut self, cx: &mut Context<ShopEvent>, d: Delivered) {
        let size = self.batch_size();
        let Some(cook) = &mut self.cook else { return };
        // What is already in the fryer for the cabinet counts as there.
        let frying = cook.topping_up;
        let mut have = mget_counts(&d.reply);
        let mut low = |batch: u32, in_fryer: u32| {
            if batch == 0 {
                return 0;
            }
            let h = have.next().unwrap_or(0) + i64::from(in_fryer);
            if h < i64::from(batch) { batch } else { 0 }
        };
        let batch = Portions {
            cod: low(size.cod, frying.cod),
            chips: low(size.chips, frying.chips),
            plaice: low(size.plaice, frying.plaice),
        };
        if batch.is_empty() || cook.frying >= self.scenario.cook.baskets {
            return;
        }
        cook.frying += 1;
        cook.topping_up = cook.topping_up + batch;
        self.trace(cx.now(), TraceEvent::TopUpStart { batch });
        let took = self.scenario.cook.fry_time.sample(&mut self.cook_rng);
        cx.schedule_after(took, ShopEvent::ToppedUp { batch });
    }

    /// A top-up batch is fried: into the cabinet with it, and the basket is free again.
    pub(super) fn topped_up(&mut self, cx: &mut Context<ShopEvent>, batch: Portions) {
        let (Some(keys), Some(cook)) = (self.cabinet, &mut self.cook) else {
            return;
        };
        let client = cook.redis.expect("the cook is connected with a cabinet");
        cook.frying -= 1;
        cook.topping_up = cook.topping_up.saturating_sub(batch);
        cook.batches += 1;
        mark_batch(self.out, cx.now(), batch);
        self.trace(cx.now(), TraceEvent::ToppedUp { batch });
        self.send_redis(
            cx,
            client,
            IGNORED_TAG,
            Command::Add(keys.script_portions(batch)),
        );
        self.cook_start(cx);
    }

    /// What the cook fries for an order: cod and chips up to whole batches, plaice exactly.
    fn batch_for(&self, needs: Portions) -> Portions {
        let b = self.scenario.cabinet.batch;
        let round_up = |need: u32, batch: u32| {
            if need == 0 || batch == 0 {
                need
            } else {
                need.div_ceil(batch) * batch
            }
        };
        Portions {
            cod: round_up(needs.cod, b.cod),
            chips: round_up(needs.chips, b.chips),
            plaice: needs.plaice,
        }
    }

    /// The cook sends `order` back on `ready`, to the partition it had on `orders`, and it is
    /// done with the cook (`cooked` in the books, fried or plated from the cabinet).
    pub(super) fn send_ready(&mut self, cx: &mut Context<ShopEvent>, order: Order) {
        self.ledger.cooked(order.id, cx.now());
        self.trace(cx.now(), TraceEvent::Cooked { order: order.id });
        let producer = self
            .cook
            .as_ref()
            .expect("only the cook sends to ready")
            .producer;
        // The partition it came to the cook on, which is the one it had on `orders`.
        let partition = self
            .cook
            .as_mut()
            .and_then(|c| c.returns.remove(&order.id))
            .unwrap_or(0);
        self.kafka
            .send(cx, producer, self.ready_topic, None, Some(partition), order)
            .expect("the ready topic exists");
    }
}

/// Marks a batch the cook puts into the cabinet: `batch:<item>` points, one per item in it.
fn mark_batch(out: &mut impl RunOutputs, at: SimTime, batch: Portions) {
    for (name, n) in [
        ("batch:cod", batch.cod),
        ("batch:chips", batch.chips),
        ("batch:plaice", batch.plaice),
    ] {
        if n > 0 {
            out.point(at, name, i64::from(n));
        }
    }
}

/// What the cook takes from the cabinet, or fries, for an order: its cod and chips (plaice is
/// fried to order whatever the cabinet holds).
fn cabinet_part(order: Order) -> Portions {
    Portions {
        plaice: 0,
        ..order.portions()
    }
}
