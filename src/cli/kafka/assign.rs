//! `chipshop kafka assign`: a consumer group's assignment by one of the classic protocol's
//! client-side assignors or the consumer protocol's server-side ones, as one line of JSON.
//!
//! Every switch is checked against Kafka's rules (topic names, a partition count is a positive
//! int32) and against the tool's own limits, which keep it within its memory on any input it
//! accepts: it holds every partition's owner and every member's subscription, so partitions in
//! all and member-topic subscriptions are bounded. The output is streamed, not built whole.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use clap::{Args, ValueEnum};

use super::MAX_PARTITIONS;
use crate::cli::console::errln;
use crate::kafka_model::{
    AssignorKind, AssignorMember, AssignorTopic, ServerAssignorKind, ServerAssignorMember, TopicId,
    TopicPartition, assign, check_topic_name,
};

/// Partitions in all across `--topic`: the tool holds (and prints) every partition's owner.
pub(super) const MAX_PARTITIONS_IN_ALL: u64 = 1_000_000;

/// Member-topic subscriptions in all: each member's subscription is held and walked.
pub(super) const MAX_SUBSCRIPTIONS: u64 = 1_000_000;

const CLASSIC_ASSIGNORS: &str = "range, round_robin or cooperative_sticky";
const SERVER_ASSIGNORS: &str = "uniform or range";

/// `chipshop kafka assign`'s switches.
#[derive(Args, Debug)]
pub(crate) struct AssignArgs {
    /// The group protocol: classic (client-side assignors) or consumer (KIP-848: the broker
    /// assigns).
    #[arg(long, value_enum, default_value_t = Protocol::Classic)]
    protocol: Protocol,
    /// classic: range (the default), round_robin or cooperative_sticky; consumer: uniform (the
    /// default) or range.
    #[arg(long)]
    assignor: Option<String>,
    /// A topic as NAME:PARTITIONS (repeat; 1 to 2147483647 partitions each, as in Kafka, and
    /// up to 1000000 in all); the consumer protocol's assignors visit topics in this order.
    #[arg(long = "topic", required = true, value_name = "NAME:PARTITIONS")]
    topics: Vec<String>,
    /// A member as NAME, or NAME=INSTANCE_ID for a static member (repeat; up to 1000000
    /// member-topic subscriptions in all).
    #[arg(long = "member", required = true, value_name = "NAME[=INSTANCE_ID]")]
    members: Vec<String>,
    /// The topics a member subscribes to (default: every --topic); names that are not a --topic
    /// are ignored, as Kafka ignores topics it does not know.
    #[arg(long = "subscribe", value_name = "NAME=TOPIC,TOPIC")]
    subscribe: Vec<String>,
    /// The partitions a member holds now, in the order it holds them (cooperative_sticky and
    /// uniform keep them where balance allows; range ignores them).
    #[arg(long = "owned", value_name = "NAME=TOPIC-P,TOPIC-P")]
    owned: Vec<String>,
}

/// `group.protocol`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Protocol {
    /// The classic protocol: the group leader runs a client-side assignor.
    Classic,
    /// The consumer protocol (KIP-848): the group coordinator runs a server-side assignor.
    Consumer,
}

#[derive(Clone, Copy, Debug)]
enum Assignor {
    Classic(AssignorKind),
    Server(ServerAssignorKind),
}

impl Assignor {
    fn is_sticky(self) -> bool {
        matches!(
            self,
            Assignor::Classic(AssignorKind::CooperativeSticky)
                | Assignor::Server(ServerAssignorKind::Uniform)
        )
    }

    fn name(self) -> &'static str {
        match self {
            Assignor::Classic(k) => k.name(),
            Assignor::Server(k) => k.name(),
        }
    }
}

/// A checked request and its answer, ready to print.
pub(super) struct Assignment {
    members: Vec<String>,
    topics: Vec<String>,
    lists: Vec<Vec<TopicPartition>>,
}

/// A member as given: its name, instance id, subscription (None: every topic) and holdings.
struct Member {
    name: String,
    instance: Option<String>,
    subscription: Option<Vec<String>>,
    owned: Vec<TopicPartition>,
}

/// Checks the switches and runs the assignor; an error names the switch and what is valid.
/// Notes about accepted input that has no effect go to stderr.
pub(super) fn plan(args: &AssignArgs) -> Result<Assignment, String> {
    let assignor = assignor(args.protocol, args.assignor.as_deref())?;
    let topics = parse_topics(&args.topics)?;
    let mut members = parse_members(&args.members)?;
    let topic_index: HashMap<&str, usize> = topics
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.as_str(), i))
        .collect();
    let member_index: HashMap<String, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.clone(), i))
        .collect();
    parse_subscriptions(&args.subscribe, &mut members, &member_index)?;
    let subscriptions: u64 = members
        .iter()
        .map(|m| m.subscription.as_ref().map_or(topics.len(), Vec::len) as u64)
        .sum();
    if subscriptions > MAX_SUBSCRIPTIONS {
        return Err(format!(
            "--member/--subscribe: {subscriptions} member-topic subscriptions in all (a member \
             reads every --topic unless --subscribe names its topics); kafka assign takes at \
             most {MAX_SUBSCRIPTIONS}"
        ));
    }
    parse_owned(
        &args.owned,
        &mut members,
        &member_index,
        &topics,
        &topic_index,
    )?;

    for m in &members {
        let mut noted = HashSet::new();
        for name in m.subscription.iter().flatten() {
            if !topic_index.contains_key(name.as_str()) && noted.insert(name) {
                errln!(
                    "note: '{}' subscribes to '{name}', which is not a --topic: Kafka ignores it",
                    m.name
                );
            }
        }
    }
    if !assignor.is_sticky() && members.iter().any(|m| !m.owned.is_empty()) {
        errln!(
            "note: {} ignores --owned: it does not look at the current assignment",
            assignor.name()
        );
    }

    let lists = run(assignor, &topics, &topic_index, &members);
    Ok(Assignment {
        members: members.into_iter().map(|m| m.name).collect(),
        topics: topics.into_iter().map(|(name, _)| name).collect(),
        lists,
    })
}

impl Assignment {
    /// Writes `{"member": ["topic-0", ...], ...}` and a newline, members in `--member` order;
    /// classic lists by topic name then partition, consumer-protocol lists in `--topic` order
    /// then partition (the order the member then holds them, as `--owned` takes it).
    pub(super) fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(b"{")?;
        for (i, (member, list)) in self.members.iter().zip(&self.lists).enumerate() {
            if i > 0 {
                out.write_all(b", ")?;
            }
            serde_json::to_writer(&mut *out, member)?;
            out.write_all(b": [")?;
            for (j, tp) in list.iter().enumerate() {
                if j > 0 {
                    out.write_all(b", ")?;
                }
                // Topic names passed Kafka's rule (letters, digits, '.', '_', '-'): no escaping.
                let topic = &self.topics[tp.topic.0 as usize];
                write!(out, "\"{topic}-{}\"", tp.partition)?;
            }
            out.write_all(b"]")?;
        }
        out.write_all(b"}\n")
    }
}

fn run(
    assignor: Assignor,
    topics: &[(String, u32)],
    topic_index: &HashMap<&str, usize>,
    members: &[Member],
) -> Vec<Vec<TopicPartition>> {
    let assignor_topics: Vec<AssignorTopic<'_>> = topics
        .iter()
        .enumerate()
        .map(|(i, (name, partitions))| AssignorTopic {
            id: TopicId(i as u32),
            name,
            partitions: *partitions,
        })
        .collect();
    match assignor {
        Assignor::Classic(kind) => {
            // Members without --subscribe share one list of every topic.
            let every: Vec<TopicId> = (0..topics.len() as u32).map(TopicId).collect();
            let ids: Vec<Option<Vec<TopicId>>> = members
                .iter()
                .map(|m| {
                    m.subscription.as_ref().map(|names| {
                        names
                            .iter()
                            .filter_map(|n| topic_index.get(n.as_str()))
                            .map(|&i| TopicId(i as u32))
                            .collect()
                    })
                })
                .collect();
            let inputs: Vec<AssignorMember<'_>> = members
                .iter()
                .zip(&ids)
                .map(|(m, ids)| AssignorMember {
                    member_id: &m.name,
                    group_instance_id: m.instance.as_deref(),
                    topics: ids.as_deref().unwrap_or(&every),
                    owned: &m.owned,
                })
                .collect();
            assign(kind, &assignor_topics, &inputs)
        }
        Assignor::Server(kind) => {
            let every: Vec<String> = topics.iter().map(|(name, _)| name.clone()).collect();
            let inputs: Vec<ServerAssignorMember<'_>> = members
                .iter()
                .map(|m| ServerAssignorMember {
                    member_id: &m.name,
                    instance_id: m.instance.as_deref(),
                    subscribed_topic_names: m.subscription.as_deref().unwrap_or(&every),
                    target: &m.owned,
                })
                .collect();
            kind.assign(&assignor_topics, &inputs)
        }
    }
}

/// The assignor `--assignor` names under `--protocol`, or the protocol's default.
fn assignor(protocol: Protocol, name: Option<&str>) -> Result<Assignor, String> {
    let unknown = |n: &str| {
        format!(
            "--assignor '{n}' is not an assignor: the classic protocol takes {CLASSIC_ASSIGNORS}; \
             the consumer protocol (--protocol consumer) takes {SERVER_ASSIGNORS}"
        )
    };
    match (protocol, name) {
        // Kafka's defaults: partition.assignment.strategy starts with range;
        // group.consumer.assignors starts with uniform.
        (Protocol::Classic, None) => Ok(Assignor::Classic(AssignorKind::Range)),
        (Protocol::Consumer, None) => Ok(Assignor::Server(ServerAssignorKind::Uniform)),
        (Protocol::Classic, Some(n)) => match n.parse::<AssignorKind>() {
            Ok(kind) => Ok(Assignor::Classic(kind)),
            Err(_) if n.parse::<ServerAssignorKind>().is_ok() => Err(format!(
                "--assignor {n} is a server-side assignor of the consumer protocol: add \
                 --protocol consumer (the classic protocol takes {CLASSIC_ASSIGNORS})"
            )),
            Err(_) => Err(unknown(n)),
        },
        (Protocol::Consumer, Some(n)) => match n.parse::<ServerAssignorKind>() {
            Ok(kind) => Ok(Assignor::Server(kind)),
            Err(_) if n.parse::<AssignorKind>().is_ok() => Err(format!(
                "--assignor {n} is a client-side assignor of the classic protocol (--protocol \
                 classic); the consumer protocol takes {SERVER_ASSIGNORS}"
            )),
            Err(_) => Err(unknown(n)),
        },
    }
}

/// `--topic NAME:PARTITIONS`, in order.
fn parse_topics(specs: &[String]) -> Result<Vec<(String, u32)>, String> {
    let mut topics: Vec<(String, u32)> = Vec::with_capacity(specs.len());
    let mut seen: HashSet<&str> = HashSet::with_capacity(specs.len());
    let mut total = 0u64;
    for spec in specs {
        let (name, count) = spec
            .rsplit_once(':')
            .ok_or_else(|| format!("--topic '{spec}' must be NAME:PARTITIONS"))?;
        check_topic_name(name).map_err(|e| format!("--topic '{spec}': {e}"))?;
        let range =
            format!("a topic has 1 to {MAX_PARTITIONS} partitions (a positive int32, as in Kafka)");
        let count: u64 = count.parse().map_err(|_| {
            format!("--topic '{spec}': '{count}' is not a partition count; {range}")
        })?;
        if count == 0 || count > u64::from(MAX_PARTITIONS) {
            return Err(format!("--topic '{spec}': {range}"));
        }
        if !seen.insert(name) {
            return Err(format!("--topic: duplicate topic '{name}'"));
        }
        total += count;
        topics.push((name.to_string(), count as u32));
    }
    if total > MAX_PARTITIONS_IN_ALL {
        return Err(format!(
            "--topic: {total} partitions in all; kafka assign takes at most {MAX_PARTITIONS_IN_ALL} \
             (it holds and prints every partition's owner)"
        ));
    }
    Ok(topics)
}

/// `--member NAME[=INSTANCE_ID]`, in order.
fn parse_members(specs: &[String]) -> Result<Vec<Member>, String> {
    let mut members: Vec<Member> = Vec::with_capacity(specs.len());
    let mut names: HashSet<&str> = HashSet::with_capacity(specs.len());
    let mut instances: HashSet<&str> = HashSet::new();
    for spec in specs {
        let (name, instance) = match spec.split_once('=') {
            Some((n, i)) => (n, Some(i)),
            None => (spec.as_str(), None),
        };
        if name.is_empty() || instance == Some("") {
            return Err(format!(
                "--member '{spec}' must be NAME or NAME=INSTANCE_ID"
            ));
        }
        if !names.insert(name) {
            return Err(format!("--member: duplicate member '{name}'"));
        }
        if let Some(i) = instance {
            if !instances.insert(i) {
                return Err(format!("--member: duplicate group.instance.id '{i}'"));
            }
        }
        members.push(Member {
            name: name.to_string(),
            instance: instance.map(str::to_string),
            subscription: None,
            owned: Vec::new(),
        });
    }
    Ok(members)
}

/// The member a `NAME=...` switch names, and the rest.
fn member_of<'s>(
    switch: &str,
    spec: &'s str,
    member_index: &HashMap<String, usize>,
    shape: &str,
) -> Result<(usize, &'s str), String> {
    let (name, rest) = spec
        .split_once('=')
        .ok_or_else(|| format!("{switch} '{spec}' must be {shape}"))?;
    let i = *member_index
        .get(name)
        .ok_or_else(|| format!("{switch} '{spec}': no --member '{name}'"))?;
    Ok((i, rest))
}

/// `--subscribe NAME=TOPIC,TOPIC`: names that are not a `--topic` are kept (and ignored later).
fn parse_subscriptions(
    specs: &[String],
    members: &mut [Member],
    member_index: &HashMap<String, usize>,
) -> Result<(), String> {
    for spec in specs {
        let (i, list) = member_of("--subscribe", spec, member_index, "NAME=TOPIC,TOPIC")?;
        if members[i].subscription.is_some() {
            return Err(format!(
                "--subscribe: member '{}' subscribed twice",
                members[i].name
            ));
        }
        let names: Vec<String> = list.split(',').map(str::to_string).collect();
        if names.iter().any(String::is_empty) {
            return Err(format!("--subscribe '{spec}': an empty topic name"));
        }
        members[i].subscription = Some(names);
    }
    Ok(())
}

/// `--owned NAME=TOPIC-P,TOPIC-P`: existing partitions, each held by one member at most.
fn parse_owned(
    specs: &[String],
    members: &mut [Member],
    member_index: &HashMap<String, usize>,
    topics: &[(String, u32)],
    topic_index: &HashMap<&str, usize>,
) -> Result<(), String> {
    let mut holder: HashMap<TopicPartition, usize> = HashMap::new();
    let mut given = vec![false; members.len()];
    for spec in specs {
        let (i, list) = member_of("--owned", spec, member_index, "NAME=TOPIC-P,TOPIC-P")?;
        if std::mem::replace(&mut given[i], true) {
            return Err(format!("--owned: member '{}' given twice", members[i].name));
        }
        for entry in list.split(',').filter(|e| !e.is_empty()) {
            let bad = |why: String| format!("--owned '{spec}': {why}");
            let (topic, p) = entry
                .rsplit_once('-')
                .ok_or_else(|| bad(format!("'{entry}' must be TOPIC-PARTITION")))?;
            let t = *topic_index
                .get(topic)
                .ok_or_else(|| bad(format!("'{entry}': no --topic '{topic}'")))?;
            let count = topics[t].1;
            let p: u32 = p.parse().ok().filter(|&p| p < count).ok_or_else(|| {
                bad(format!(
                    "'{entry}': topic '{topic}' has partitions 0 to {}",
                    count - 1
                ))
            })?;
            let tp = TopicPartition::new(TopicId(t as u32), p);
            if let Some(&other) = holder.get(&tp) {
                return Err(if other == i {
                    bad(format!("'{entry}' is listed twice"))
                } else {
                    bad(format!(
                        "'{entry}' is already held by '{}' (a partition has one owner)",
                        members[other].name
                    ))
                });
            }
            holder.insert(tp, i);
            members[i].owned.push(tp);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_protocol_mismatch_says_which_protocol_takes_which() {
        let err = assignor(Protocol::Classic, Some("uniform")).unwrap_err();
        assert!(
            err.contains("--protocol consumer") && err.contains("cooperative_sticky"),
            "{err}"
        );
        let err = assignor(Protocol::Consumer, Some("round_robin")).unwrap_err();
        assert!(
            err.contains("--protocol classic") && err.contains("uniform or range"),
            "{err}"
        );
        assert!(matches!(
            assignor(Protocol::Consumer, Some("range")),
            Ok(Assignor::Server(ServerAssignorKind::Range))
        ));
    }

    #[test]
    fn partition_counts_are_kafkas_and_bounded_in_all() {
        assert!(
            parse_topics(&s(&["o:2147483647"]))
                .unwrap_err()
                .contains("in all")
        );
        let err = parse_topics(&s(&["o:2147483648"])).unwrap_err();
        assert!(err.contains("1 to 2147483647"), "{err}");
        assert!(parse_topics(&s(&["o:0"])).is_err());
        assert!(parse_topics(&s(&["o:-1"])).unwrap_err().contains("'-1'"));
        let err = parse_topics(&s(&["a:600000", "b:400001"])).unwrap_err();
        assert!(err.contains("1000001 partitions in all"), "{err}");
        assert!(parse_topics(&s(&["a:600000", "b:400000"])).is_ok());
    }

    #[test]
    fn topic_names_follow_kafkas_rule() {
        for bad in ["or ders:1", ":1", "..:1", "caf\u{e9}:1"] {
            assert!(parse_topics(&s(&[bad])).is_err(), "{bad}");
        }
        let long = format!("{}:1", "t".repeat(250));
        assert!(parse_topics(&[long]).is_err());
        assert!(parse_topics(&s(&["my-topic.v2_x:3"])).is_ok());
    }
}
