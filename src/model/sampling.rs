//! The series a run samples for its charts (series.csv): per orders partition, Kafka's lag
//! (log end − committed), what is waiting to be read (log end − the owner's position) and the
//! log end offset itself (so position and committed offset can be read back); who owns each
//! partition, and what each preparer's time goes on, written when they change; per service
//! group, its lag and records read; the preparers at work and the cabinet's stock. Not the
//! charts themselves (`output/charts`).

use crate::engine::{Context, SimTime};
use crate::kafka_model::{ConsumerId, TopicPartition};

use super::outputs::RunOutputs;
use super::shop::{Shop, ShopEvent};
use super::trace::TraceEvent;

/// Series names built once, and the owner of each orders partition.
#[derive(Debug)]
pub(crate) struct SeriesState {
    /// `lag:orders-P`: log end − committed offset (Kafka's consumer lag).
    lag: Vec<String>,
    /// `unread:orders-P`: log end − the owner's position (records not yet handed to anyone).
    unread: Vec<String>,
    /// `log_end:orders-P`: the log end offset (the offset the next record will get).
    log_end: Vec<String>,
    /// `owner:orders-P`: the preparer that owns the partition, 0 while no one does.
    owner_names: Vec<String>,
    /// The owner of each orders partition: the preparer's index and its consumer.
    owners: Vec<Option<(usize, ConsumerId)>>,
    /// `spending:N` for preparer N (index N − 1): what its time goes on from then, 0 busy, 1
    /// paused by a rebalance, 2 idle, 3 not in the group (`Spending`'s order), at each change.
    spending: Vec<String>,
}

impl SeriesState {
    /// The names for a topic of `partitions` partitions, no partition owned.
    pub(crate) fn new(partitions: u32) -> SeriesState {
        let names = |kind: &str| {
            (0..partitions)
                .map(|p| format!("{kind}:orders-{p}"))
                .collect()
        };
        SeriesState {
            lag: names("lag"),
            unread: names("unread"),
            log_end: names("log_end"),
            owner_names: names("owner"),
            owners: vec![None; partitions as usize],
            spending: Vec::new(),
        }
    }

    /// The name `spending:ID` of preparer `i`'s series, built the first time it is asked for.
    #[inline]
    pub(crate) fn spending_name(&mut self, i: usize, id: u32) -> &str {
        if self.spending.get(i).is_none_or(String::is_empty) {
            self.name_spending(i, id);
        }
        &self.spending[i]
    }

    #[cold]
    fn name_spending(&mut self, i: usize, id: u32) {
        if self.spending.len() <= i {
            self.spending.resize(i + 1, String::new());
        }
        self.spending[i] = format!("spending:{id}");
    }
}

impl<O: RunOutputs> Shop<'_, O> {
    /// Preparer `i` (through `consumer`) gained (`gained`) or lost `partitions`: writes
    /// `owner:orders-P` for each orders partition whose owner changed.
    pub(super) fn owners_changed(
        &mut self,
        at: SimTime,
        i: usize,
        consumer: ConsumerId,
        partitions: &[TopicPartition],
        gained: bool,
    ) {
        for tp in partitions.iter().filter(|tp| tp.topic == self.orders_topic) {
            let p = tp.partition as usize;
            let Some(slot) = self.series.owners.get_mut(p) else {
                continue;
            };
            let new = if gained {
                Some((i, consumer))
            } else if *slot == Some((i, consumer)) {
                None
            } else {
                // Revoked from a member that no longer held it: nothing changes.
                continue;
            };
            if *slot != new {
                *slot = new;
                let id = new.map_or(0, |(i, _)| i64::from(self.preparers[i].id));
                self.out.point(at, &self.series.owner_names[p], id);
            }
        }
    }

    /// Records the sampled series, scales the preparers, then schedules the next sample.
    pub(super) fn sample(&mut self, cx: &mut Context<ShopEvent>) {
        let now = cx.now();
        for p in 0..self.series.lag.len() {
            let tp = TopicPartition {
                topic: self.orders_topic,
                partition: p as u32,
            };
            let lag = self.kafka.partition_lag(self.preparers_group, tp);
            self.out.point(now, &self.series.lag[p], lag as i64);
            if self.out.tracing() {
                let partition = p as u32;
                self.out.trace(now, &TraceEvent::Lag { partition, lag });
            }
            let end = self.kafka.log_end_offset(tp).unwrap_or(0);
            let read_from = self.series.owners[p]
                .and_then(|(_, consumer)| self.kafka.position(consumer, tp))
                .unwrap_or(end - lag.min(end));
            let unread = end.saturating_sub(read_from);
            self.out.point(now, &self.series.unread[p], unread as i64);
            self.out.point(now, &self.series.log_end[p], end as i64);
        }
        if !self.service_groups.is_empty() {
            // Each group's lag and records read, the preparers' first, for the chart that
            // shows every group reading every order.
            let groups = std::iter::once(self.preparers_group)
                .chain(self.service_groups.iter().map(|(g, _)| *g))
                .collect::<Vec<_>>();
            for g in groups {
                let name = self.kafka.group_name(g).unwrap_or("?").to_string();
                let lag = self.kafka.total_lag(g);
                let read = self.kafka.delivered(g);
                self.out
                    .point(now, &format!("group_lag:{name}"), lag as i64);
                self.out
                    .point(now, &format!("group_read:{name}"), read as i64);
            }
        }
        if self.scenario.accountant.enabled {
            self.out
                .point(now, "revenue_pence", self.counters.accountant_pence as i64);
        }
        if self.scenario.scaling.enabled {
            self.scale(cx);
            let active = self.preparers.iter().filter(|p| p.active()).count();
            self.out.point(now, "preparers", active as i64);
        }
        if self.out.tracing() {
            let count = self.preparers.iter().filter(|p| p.active()).count() as u32;
            self.out.trace(now, &TraceEvent::PreparersActive { count });
        }
        if let Some(keys) = self.cabinet {
            for (name, key) in [
                ("stock:cod", keys.cod),
                ("stock:chips", keys.chips),
                ("stock:plaice", keys.plaice),
            ] {
                let value = self.redis.store().int(key).unwrap_or(0);
                self.out.point(now, name, value);
                if self.out.tracing() {
                    let item = name.trim_start_matches("stock:");
                    let event = TraceEvent::Stock {
                        item,
                        portions: value,
                    };
                    self.out.trace(now, &event);
                }
            }
        }
        cx.schedule_after(self.scenario.shop.sample_every, ShopEvent::Sample);
    }
}
