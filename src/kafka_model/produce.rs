//! Producing: the producers' batches (`linger.ms`, `batch.size`), their arrival in the partition
//! logs after the produce latency, and the acknowledgements. Not the partitioners
//! (`partitioner.rs`) nor the producer's own state (`producer.rs`).

use std::sync::Arc;

use super::cluster::{KafkaCluster, KafkaEvent};
use super::config::{Acks, ProducerConfig};
use super::error::KafkaError;
use super::notice::Notice;
use super::producer::{BatchPhase, Producer, ProducerId, SendId};
use super::topic::{Record, TopicId, TopicPartition};
use crate::engine::{Context, SimTime};

impl<V: Clone> KafkaCluster<V> {
    /// Adds a producer; it draws from the random stream `kafka-producer-<client.id>`.
    pub fn add_producer<E>(&mut self, cx: &Context<E>, config: ProducerConfig) -> ProducerId {
        let rng = cx
            .seeds()
            .stream(&format!("kafka-producer-{}", config.client_id));
        self.producers.push(Producer::new(config, rng));
        ProducerId((self.producers.len() - 1) as u32)
    }

    /// Sends `value` to `topic`: to `partition` if given, else by the producer's partitioner
    /// (murmur2 of `key`, or sticky / round robin). The record joins the partition's open batch,
    /// which leaves after `linger.ms` (or at once when `batch.size` is reached) and reaches the
    /// log after the produce latency; then a [`Notice::Acked`] carries its offset.
    pub fn send<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        producer: ProducerId,
        topic: TopicId,
        key: Option<&[u8]>,
        partition: Option<u32>,
        value: V,
    ) -> Result<SendId, KafkaError> {
        let t = self
            .topics
            .get(topic.0 as usize)
            .ok_or_else(|| KafkaError::UnknownTopic(topic.to_string()))?;
        let partitions = t.partitions();
        if let Some(p) = partition {
            if p >= partitions {
                return Err(KafkaError::UnknownPartition {
                    topic: t.name.clone(),
                    partition: p,
                    partitions,
                });
            }
        }
        let prod = self
            .producers
            .get_mut(producer.0 as usize)
            .ok_or(KafkaError::UnknownProducer(producer.0))?;
        let bytes = prod.config.value_bytes + key.map_or(0, <[u8]>::len);
        let p = prod.partitioner.choose(
            topic.0 as usize,
            partitions,
            key,
            partition,
            bytes,
            prod.config.batch_size,
            &mut prod.rng,
        );
        prod.ensure_topic(topic.0 as usize, partitions);
        let tp = TopicPartition::new(topic, p);
        let slot = match prod.open[topic.0 as usize][p as usize] {
            Some(slot) => slot,
            None => {
                let slot = self.batches.open(producer, tp);
                let linger = prod.config.linger_ms;
                prod.open[topic.0 as usize][p as usize] = Some(slot);
                let key =
                    cx.schedule_after(linger, KafkaEvent::LingerExpired { batch: slot }.into());
                self.batches.get_mut(slot).linger = Some(key);
                slot
            }
        };
        let batch_size = prod.config.batch_size;
        let id = SendId(self.next_send);
        self.next_send += 1;
        let batch = self.batches.get_mut(slot);
        batch.records.push((
            id,
            Record {
                key: key.map(Arc::from),
                value,
                timestamp: cx.now(),
            },
        ));
        batch.bytes += bytes;
        if batch.bytes >= batch_size {
            if let Some(k) = batch.linger.take() {
                cx.cancel(k);
            }
            self.seal(cx, slot);
        }
        Ok(id)
    }

    /// Closes a batch and schedules its arrival in the log, never before the producer's previous
    /// batch to the same partition (Kafka's idempotent producer keeps order per partition).
    pub(crate) fn seal<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, slot: u32) {
        let batch = self.batches.get_mut(slot);
        batch.linger = None;
        batch.phase = BatchPhase::Sent;
        let (producer, tp) = (batch.producer, batch.tp);
        let prod = &mut self.producers[producer.0 as usize];
        prod.open[tp.topic.0 as usize][tp.partition as usize] = None;
        let latency = prod.config.produce_latency.sample(&mut prod.rng);
        let last = &mut prod.last_arrival[tp.topic.0 as usize][tp.partition as usize];
        let at = cx
            .now()
            .checked_add(latency)
            .unwrap_or(SimTime::MAX)
            .max(*last);
        *last = at;
        // `at` is never in the past, so this cannot fail.
        let _ = cx.schedule_at(at, KafkaEvent::BatchArrived { batch: slot }.into());
    }

    /// Appends an arrived batch to its log, acknowledges its records and wakes waiting consumers.
    pub(crate) fn arrive<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, slot: u32) {
        let batch = self.batches.get_mut(slot);
        let (producer, tp) = (batch.producer, batch.tp);
        let acks = self.producers[producer.0 as usize].config.acks;
        let log = &mut self.topics[tp.topic.0 as usize].logs[tp.partition as usize];
        let n = batch.records.len() as u64;
        for (send, record) in batch.records.drain(..) {
            let offset = log.append(record);
            self.notices.push(Notice::Acked {
                producer,
                send,
                tp,
                offset: (acks != Acks::None).then_some(offset),
            });
        }
        self.batches.free(slot);
        self.produced[tp.topic.0 as usize] += n;
        let now = cx.now();
        for i in 0..self.topic_groups[tp.topic.0 as usize].len() {
            let g = self.topic_groups[tp.topic.0 as usize][i];
            let group = &mut self.groups[g.0 as usize];
            let lag = group.total_lag + n;
            group.set_lag(now, lag);
        }
        for i in 0..self.owners[tp.topic.0 as usize][tp.partition as usize].len() {
            let c = self.owners[tp.topic.0 as usize][tp.partition as usize][i];
            self.maybe_fetch(cx, c);
        }
    }
}
