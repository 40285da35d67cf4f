//! Guards the point of the Redis model: check-then-take from two clients oversells; WATCH/MULTI/EXEC
//! with retries and the atomic take script never do. Time is simulated, latencies are random.

use chipshop::engine::{Context, Distribution, DistributionSpec, Model, RngStreams, Simulation};
use chipshop::redis_model::{
    ClientId, Command, Delivered, KeyId, Portions, RedisConfig, RedisEvent, RedisModel, Reply,
};
use chipshop::{SimDuration, SimTime};

const STOCK: i64 = 20;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// GET, then DECRBY if there was stock: two round trips that can interleave.
    CheckThenTake,
    /// WATCH, GET, then MULTI/DECRBY/EXEC; retry when EXEC answers a null array.
    Watch,
    /// The atomic take script.
    Script,
}

/// What a preparer is waiting for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Get,
    Decr,
    WatchGet,
    Exec,
    Take,
    Done,
}

enum Ev {
    Redis(RedisEvent),
}

impl From<RedisEvent> for Ev {
    fn from(e: RedisEvent) -> Self {
        Ev::Redis(e)
    }
}

struct Cabinet {
    redis: RedisModel,
    mode: Mode,
    stock: KeyId,
    preparers: Vec<(ClientId, Step)>,
    sold: i64,
    retries: u64,
}

impl Cabinet {
    fn new(mode: Mode, preparers: usize, seed: u64) -> Simulation<Cabinet> {
        let latency = Distribution::new(DistributionSpec::Uniform([
            SimDuration::from_nanos(50_000),
            SimDuration::from_nanos(150_000),
        ]))
        .unwrap();
        let config = RedisConfig {
            request_latency: latency.clone(),
            reply_latency: latency,
            record_history: true,
        };
        let mut redis = RedisModel::new(config, &RngStreams::new(seed));
        let stock = redis.key("cod");
        let setup = redis.connect();
        redis
            .server_mut()
            .execute(setup, Command::Set(stock, b"20".to_vec()), SimTime::ZERO)
            .unwrap();
        let preparers = (0..preparers)
            .map(|_| (redis.connect(), Step::Done))
            .collect();
        let mut sim = Simulation::new(
            Cabinet {
                redis,
                mode,
                stock,
                preparers,
                sold: 0,
                retries: 0,
            },
            seed,
        );
        sim.invoke(|shop, cx| {
            for p in 0..shop.preparers.len() {
                shop.start(p, cx);
            }
        });
        sim
    }

    /// Begins one sale attempt for preparer `p`.
    fn start(&mut self, p: usize, cx: &mut Context<Ev>) {
        let (client, _) = self.preparers[p];
        let tag = p as u64;
        let step = match self.mode {
            Mode::CheckThenTake => {
                self.redis
                    .send(cx, client, tag, Command::Get(self.stock))
                    .unwrap();
                Step::Get
            }
            Mode::Watch => {
                // Pipelined: the replies come back in order; WATCH's OK is ignored.
                self.redis
                    .send(cx, client, u64::MAX, Command::Watch(vec![self.stock]))
                    .unwrap();
                self.redis
                    .send(cx, client, tag, Command::Get(self.stock))
                    .unwrap();
                Step::WatchGet
            }
            Mode::Script => {
                let one = Portions::new().with(self.stock, 1).unwrap();
                self.redis
                    .send(cx, client, tag, Command::Take(one))
                    .unwrap();
                Step::Take
            }
        };
        self.preparers[p].1 = step;
    }

    fn on_reply(&mut self, d: Delivered, cx: &mut Context<Ev>) {
        if d.tag == u64::MAX {
            return; // a pipelined command whose reply needs no action
        }
        let p = d.tag as usize;
        let (client, step) = self.preparers[p];
        let next = match (step, &d.reply) {
            (Step::Get, reply) => match reply.as_bulk_integer() {
                Some(n) if n > 0 => {
                    self.redis
                        .send(cx, client, d.tag, Command::DecrBy(self.stock, 1.into()))
                        .unwrap();
                    Step::Decr
                }
                _ => Step::Done,
            },
            (Step::Decr, Reply::Integer(_)) => {
                self.sold += 1;
                self.start(p, cx);
                return;
            }
            (Step::WatchGet, reply) => match reply.as_bulk_integer() {
                Some(n) if n > 0 => {
                    for cmd in [Command::Multi, Command::DecrBy(self.stock, 1.into())] {
                        self.redis.send(cx, client, u64::MAX, cmd).unwrap();
                    }
                    self.redis.send(cx, client, d.tag, Command::Exec).unwrap();
                    Step::Exec
                }
                _ => {
                    self.redis
                        .send(cx, client, u64::MAX, Command::Unwatch)
                        .unwrap();
                    Step::Done
                }
            },
            (Step::Exec, Reply::Array(_)) => {
                self.sold += 1;
                self.start(p, cx);
                return;
            }
            (Step::Exec, Reply::NilArray) => {
                self.retries += 1;
                self.start(p, cx);
                return;
            }
            (Step::Take, Reply::Simple(_)) => {
                self.sold += 1;
                self.start(p, cx);
                return;
            }
            (Step::Take, Reply::Array(_)) => Step::Done,
            (step, reply) => panic!("unexpected reply {reply:?} at step {}", step as u8),
        };
        self.preparers[p].1 = next;
    }

    fn left(&self) -> i64 {
        self.redis.store().int(self.stock).unwrap()
    }
}

impl Model for Cabinet {
    type Event = Ev;
    fn handle(&mut self, event: Ev, cx: &mut Context<Ev>) {
        match event {
            Ev::Redis(e) => {
                if let Some(delivered) = self.redis.handle(e, cx) {
                    self.on_reply(delivered, cx);
                }
            }
        }
    }
}

#[test]
fn check_then_take_from_two_clients_oversells() {
    let mut oversold_runs = 0;
    for seed in 1..=20 {
        let mut sim = Cabinet::new(Mode::CheckThenTake, 2, seed);
        sim.run();
        let shop = sim.model();
        assert_eq!(shop.sold + shop.left(), STOCK, "seed {seed}");
        if shop.sold > STOCK {
            oversold_runs += 1;
            assert!(shop.left() < 0);
            // The history shows the counter going below zero, in time order.
            let history = shop.redis.store().history(shop.stock).to_vec();
            assert!(history.iter().any(|&(_, v)| v < 0));
            assert!(history.windows(2).all(|w| w[0].0 <= w[1].0));
        }
    }
    eprintln!("check-then-take oversold in {oversold_runs} of 20 runs");
    assert!(
        oversold_runs >= 5,
        "oversold in only {oversold_runs} of 20 runs"
    );
}

#[test]
fn watch_multi_exec_with_retries_never_oversells() {
    for seed in 1..=20 {
        let mut sim = Cabinet::new(Mode::Watch, 3, seed);
        sim.run();
        let shop = sim.model();
        assert_eq!(shop.sold, STOCK, "seed {seed}");
        assert_eq!(shop.left(), 0, "seed {seed}");
        assert_eq!(shop.redis.stats().exec_watch_aborts, shop.retries);
        if seed == 1 {
            assert!(
                shop.retries > 0,
                "the clients never collided: the test shows nothing"
            );
        }
    }
}

#[test]
fn the_take_script_never_oversells() {
    for seed in 1..=20 {
        let mut sim = Cabinet::new(Mode::Script, 3, seed);
        sim.run();
        let shop = sim.model();
        assert_eq!(shop.sold, STOCK, "seed {seed}");
        assert_eq!(shop.left(), 0, "seed {seed}");
        assert_eq!(shop.redis.stats().takes_ok, STOCK as u64);
        assert_eq!(shop.redis.stats().takes_short, 3);
    }
}

#[test]
fn same_seed_same_race() {
    let run = |seed| {
        let mut sim = Cabinet::new(Mode::CheckThenTake, 3, seed);
        sim.run();
        let shop = sim.into_model();
        (shop.sold, shop.redis.store().history(shop.stock).to_vec())
    };
    assert_eq!(run(9), run(9));
}

#[test]
fn a_connection_keeps_its_order_and_replies_take_a_round_trip() {
    let config = RedisConfig {
        request_latency: Distribution::new(DistributionSpec::Uniform([
            SimDuration::from_nanos(1),
            SimDuration::from_nanos(1_000_000),
        ]))
        .unwrap(),
        ..RedisConfig::default()
    };
    struct Log {
        redis: RedisModel,
        seen: Vec<(SimTime, u64, Reply)>,
    }
    impl Model for Log {
        type Event = Ev;
        fn handle(&mut self, event: Ev, cx: &mut Context<Ev>) {
            let Ev::Redis(e) = event;
            if let Some(d) = self.redis.handle(e, cx) {
                self.seen.push((cx.now(), d.tag, d.reply));
            }
        }
    }
    let mut redis = RedisModel::new(config, &RngStreams::new(3));
    let me = redis.connect();
    let key = redis.key("n");
    let mut sim = Simulation::new(
        Log {
            redis,
            seen: vec![],
        },
        3,
    );
    sim.invoke(|log, cx| {
        for tag in 0..50 {
            log.redis.send(cx, me, tag, Command::Incr(key)).unwrap();
        }
    });
    sim.run();
    let seen = &sim.model().seen;
    let tags: Vec<u64> = seen.iter().map(|s| s.1).collect();
    assert_eq!(tags, (0..50).collect::<Vec<_>>());
    let values: Vec<Reply> = seen.iter().map(|s| s.2.clone()).collect();
    assert_eq!(values, (1..=50).map(Reply::Integer).collect::<Vec<_>>());
    assert!(seen[0].0 >= SimTime::from_nanos(100_001));
    assert_eq!(sim.model().redis.in_flight(), 0);
}
