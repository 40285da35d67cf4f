//! `chipshop kafka`: where Kafka's producer puts a key, and how an assignor splits partitions.
//!
//! Thin: parses, calls `kafka_model`, prints. Bad input is an error naming the culprit (exit 2).

use clap::{Args, Subcommand};

use super::console::outln;
use super::error::CliError;
use crate::kafka_model::{
    AssignorKind, AssignorMember, AssignorTopic, TopicId, assign, murmur2, partition_for_key,
};

/// Kafka tools: the key partitioner and the group assignors, exactly as the Java client.
#[derive(Args, Debug)]
pub(crate) struct KafkaArgs {
    #[command(subcommand)]
    command: KafkaCommand,
}

#[derive(Subcommand, Debug)]
enum KafkaCommand {
    /// Each key's murmur2 hash and the partition Kafka's producer would send it to.
    Partition {
        /// Number of partitions of the topic.
        #[arg(long)]
        partitions: u32,
        /// Keys (UTF-8).
        #[arg(required = true)]
        keys: Vec<String>,
    },
    /// The assignment a consumer group's assignor makes, as JSON.
    Assign {
        /// range, round_robin or cooperative_sticky.
        #[arg(long)]
        assignor: String,
        /// A topic as NAME:PARTITIONS (repeat).
        #[arg(long = "topic", required = true)]
        topics: Vec<String>,
        /// A member as NAME, or NAME=INSTANCE_ID for a static member (repeat).
        #[arg(long = "member", required = true)]
        members: Vec<String>,
        /// NAME=T1,T2: the topics a member subscribes to (default: every topic).
        #[arg(long = "subscribe")]
        subscribe: Vec<String>,
    },
}

/// Runs `chipshop kafka ...`.
pub(crate) fn run(args: KafkaArgs) -> Result<(), CliError> {
    let out = match args.command {
        KafkaCommand::Partition { partitions, keys } => partition(partitions, &keys),
        KafkaCommand::Assign {
            assignor,
            topics,
            members,
            subscribe,
        } => assignment(&assignor, &topics, &members, &subscribe),
    };
    outln!("{}", out.map_err(CliError::BadInput)?)
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn partition(partitions: u32, keys: &[String]) -> Result<String, String> {
    if partitions == 0 {
        return Err("--partitions must be at least 1 (got 0)".to_string());
    }
    let lines: Vec<String> = keys
        .iter()
        .map(|k| {
            format!(
                "{{\"key\": {}, \"murmur2\": {}, \"partition\": {}}}",
                json(k),
                murmur2(k.as_bytes()),
                partition_for_key(k.as_bytes(), partitions)
            )
        })
        .collect();
    Ok(lines.join("\n"))
}

fn assignment(
    assignor: &str,
    topic_specs: &[String],
    member_specs: &[String],
    subscribe: &[String],
) -> Result<String, String> {
    let kind: AssignorKind = assignor.parse().map_err(|e| format!("{e}"))?;
    let mut topics: Vec<(String, u32)> = Vec::new();
    for spec in topic_specs {
        let (name, n) = spec
            .rsplit_once(':')
            .ok_or_else(|| format!("topic '{spec}' must be NAME:PARTITIONS"))?;
        let n: u32 = n
            .parse()
            .map_err(|_| format!("topic '{spec}': '{n}' is not a partition count"))?;
        if name.is_empty() {
            return Err(format!("topic '{spec}' has no name"));
        }
        if n == 0 {
            return Err(format!("topic '{spec}' needs at least one partition"));
        }
        if topics.iter().any(|(t, _)| t == name) {
            return Err(format!("duplicate topic '{name}'"));
        }
        topics.push((name.to_string(), n));
    }
    let mut members: Vec<(String, Option<String>)> = Vec::new();
    for spec in member_specs {
        let (name, inst) = match spec.split_once('=') {
            Some((n, i)) => (n, Some(i.to_string())),
            None => (spec.as_str(), None),
        };
        if name.is_empty() || inst.as_deref() == Some("") {
            return Err(format!("member '{spec}' must be NAME or NAME=INSTANCE_ID"));
        }
        if members.iter().any(|(m, _)| m == name) {
            return Err(format!("duplicate member '{name}'"));
        }
        if inst.is_some() && members.iter().any(|(_, i)| i == &inst) {
            return Err(format!(
                "duplicate group.instance.id '{}'",
                inst.unwrap_or_default()
            ));
        }
        members.push((name.to_string(), inst));
    }
    let all: Vec<TopicId> = (0..topics.len() as u32).map(TopicId).collect();
    let mut subs: Vec<Vec<TopicId>> = vec![all; members.len()];
    let mut seen: Vec<&str> = Vec::new();
    for spec in subscribe {
        let (name, list) = spec
            .split_once('=')
            .ok_or_else(|| format!("subscription '{spec}' must be NAME=TOPIC,TOPIC"))?;
        let i = members
            .iter()
            .position(|(m, _)| m == name)
            .ok_or_else(|| format!("subscription '{spec}' names unknown member '{name}'"))?;
        if seen.contains(&name) {
            return Err(format!("member '{name}' subscribed twice"));
        }
        seen.push(name);
        let mut ids = Vec::new();
        for t in list.split(',') {
            let id = topics
                .iter()
                .position(|(n, _)| n == t)
                .ok_or_else(|| format!("subscription '{spec}' names unknown topic '{t}'"))?;
            ids.push(TopicId(id as u32));
        }
        subs[i] = ids;
    }
    let at: Vec<AssignorTopic<'_>> = topics
        .iter()
        .enumerate()
        .map(|(i, (n, p))| AssignorTopic {
            id: TopicId(i as u32),
            name: n,
            partitions: *p,
        })
        .collect();
    let am: Vec<AssignorMember<'_>> = members
        .iter()
        .zip(&subs)
        .map(|((m, inst), s)| AssignorMember {
            member_id: m,
            group_instance_id: inst.as_deref(),
            topics: s,
            owned: &[],
        })
        .collect();
    let result = assign(kind, &at, &am);
    let body: Vec<String> = members
        .iter()
        .zip(&result)
        .map(|((m, _), tps)| {
            let list: Vec<String> = tps
                .iter()
                .map(|tp| {
                    json(&format!(
                        "{}-{}",
                        topics[tp.topic.0 as usize].0, tp.partition
                    ))
                })
                .collect();
            format!("{}: [{}]", json(m), list.join(", "))
        })
        .collect();
    Ok(format!("{{{}}}", body.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn bad_input_is_named() {
        let err = assignment("sticky", &s(&["o:1"]), &s(&["a"]), &[]).unwrap_err();
        assert!(err.contains("'sticky'"));
        let err = assignment("range", &s(&["orders:0"]), &s(&["a"]), &[]).unwrap_err();
        assert!(err.contains("orders:0"));
        let err = assignment("range", &s(&["o:1"]), &s(&["a", "a"]), &[]).unwrap_err();
        assert!(err.contains("duplicate member 'a'"));
        assert!(partition(0, &s(&["k"])).is_err());
    }
}
