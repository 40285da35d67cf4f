//! The search of a plan: which runs to make, round after round, until every point that could
//! be the cheapest feasible one is decided or has had its most replications.
//!
//! A round's runs depend only on the results of the rounds before, never on how they were run,
//! so a plan is the same whatever the number of threads. Each round:
//!
//! - points whose verdict is still open get more replications (twice as many, up to the
//!   most), unless a point known to be feasible is cheaper: those are not refined;
//! - along each line of a monotone axis (`--monotone`), the middle point of each stretch of
//!   points not yet known is run, once the points either side of the stretch are known:
//!   bisection. Without monotone axes every point is a line of its own, so every point is run.
//!
//! A measured verdict carries along the monotone axes: a feasible point makes every point
//! with at least as much of each monotone switch (the others equal) feasible, an infeasible
//! one every point with at most as much infeasible.

use crate::engine::ReplicationStats;
use crate::sweep::{Interval, MEASURES, Measures};

use super::target::{Target, Verdict};

/// A point of the plan's grid.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanPoint {
    /// The value of each axis, as text (as sweep.csv writes it).
    pub values: Vec<String>,
    /// The value of each axis as a number, ordering the monotone axes.
    pub coords: Vec<f64>,
    /// The point's cost.
    pub cost: f64,
}

/// How the search spends runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// The confidence of each target's interval, e.g. 0.95.
    pub confidence: f64,
    /// Replications a point gets when first run (at least 2).
    pub min_replications: usize,
    /// Replications a point gets at the most.
    pub max_replications: usize,
    /// The axes (indices) along which the targets only get easier as the value grows.
    pub monotone: Vec<usize>,
}

/// Whether a point meets every target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every target holds.
    Feasible,
    /// Some target fails.
    Infeasible,
    /// Neither known.
    Undecided,
}

impl Status {
    /// `feasible`, `infeasible` or `undecided`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::Undecided => "undecided",
        }
    }
}

/// How a point's status came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// From its own runs.
    Measured,
    /// From point `from`'s runs, along the monotone axes.
    Inferred {
        /// The point measured.
        from: usize,
    },
    /// Not refined further (or never run): a cheaper point is feasible.
    Dominated,
}

/// What the plan found at one point.
#[derive(Clone, Debug, PartialEq)]
pub struct PointResult {
    /// Its status.
    pub status: Status,
    /// How it was found.
    pub how: How,
    /// Its runs, replication 0 first.
    pub runs: Vec<Measures>,
    /// Mean and interval (at the plan's confidence) of every measure; empty without runs.
    pub intervals: Vec<Interval>,
    /// Each target's verdict from the point's own runs (undecided without runs).
    pub verdicts: Vec<Verdict>,
}

/// The plan: every point's result and the choice.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// One result per point, in grid order.
    pub points: Vec<PointResult>,
    /// The cheapest feasible point (ties: the first in grid order).
    pub choice: Option<usize>,
    /// The next cheapest feasible point.
    pub runner_up: Option<usize>,
    /// Points cheaper than the choice that stayed undecided.
    pub cheaper_undecided: Vec<usize>,
    /// With no feasible point: the measured point whose worst target came closest.
    pub closest: Option<usize>,
    /// Where the measurements contradict a monotone axis.
    pub warnings: Vec<String>,
    /// Rounds of runs made.
    pub rounds: usize,
}

impl Outcome {
    /// Runs made in all.
    pub fn runs(&self) -> usize {
        self.points.iter().map(|p| p.runs.len()).sum()
    }
}

/// Where a point stands during the search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Unknown,
    Running,
    Known(Status, How),
}

/// Mean and interval of every measure over `runs`, at `confidence`.
pub fn intervals(runs: &[Measures], confidence: f64) -> Vec<Interval> {
    (0..MEASURES.len())
        .map(|m| {
            let values: Vec<f64> = runs.iter().map(|r| r.0[m]).collect();
            let s = ReplicationStats::with_confidence(&values, confidence);
            Interval {
                mean: s.mean,
                low: s.low(),
                high: s.high(),
            }
        })
        .collect()
}

/// Each target's verdict, and the point's status, from its measures' intervals.
pub fn judge(targets: &[Target], intervals: &[Interval]) -> (Vec<Verdict>, Status) {
    let verdicts: Vec<Verdict> = targets
        .iter()
        .map(|t| {
            intervals
                .get(t.measure)
                .map_or(Verdict::Undecided, |i| t.verdict(i.low, i.high))
        })
        .collect();
    let status = if verdicts.contains(&Verdict::Fails) {
        Status::Infeasible
    } else if verdicts.iter().all(|v| *v == Verdict::Holds) {
        Status::Feasible
    } else {
        Status::Undecided
    };
    (verdicts, status)
}

/// Whether `q` has at least as much as `p` of every monotone axis and the same of the others.
fn at_least(points: &[PlanPoint], monotone: &[usize], p: usize, q: usize) -> bool {
    let (a, b) = (&points[p].coords, &points[q].coords);
    (0..a.len()).all(|k| {
        if monotone.contains(&k) {
            b[k] >= a[k]
        } else {
            b[k] == a[k]
        }
    })
}

/// The lines of the first monotone axis: points equal on every other axis, in order of that
/// axis's value. Without a monotone axis, each point alone.
fn lines(points: &[PlanPoint], monotone: &[usize]) -> Vec<Vec<usize>> {
    let Some(&axis) = monotone.first() else {
        return (0..points.len()).map(|p| vec![p]).collect();
    };
    let mut lines: Vec<Vec<usize>> = Vec::new();
    for p in 0..points.len() {
        let same = |q: usize| {
            (0..points[p].coords.len())
                .all(|k| k == axis || points[p].coords[k] == points[q].coords[k])
        };
        match lines.iter_mut().find(|l| same(l[0])) {
            Some(line) => line.push(p),
            None => lines.push(vec![p]),
        }
    }
    for line in &mut lines {
        line.sort_by(|&a, &b| points[a].coords[axis].total_cmp(&points[b].coords[axis]));
    }
    lines
}

/// Runs the search: `measure` makes the runs asked for, as (point, replication) pairs in
/// order, and returns their measures in the same order.
pub fn search<E>(
    points: &[PlanPoint],
    targets: &[Target],
    settings: &Settings,
    mut measure: impl FnMut(&[(usize, usize)]) -> Result<Vec<Measures>, E>,
) -> Result<Outcome, E> {
    let n = points.len();
    let max = settings.max_replications.max(1);
    let first = settings.min_replications.clamp(1, max);
    let monotone = &settings.monotone;
    let lines = lines(points, monotone);
    let mut state = vec![State::Unknown; n];
    let mut runs: Vec<Vec<Measures>> = vec![Vec::new(); n];
    let mut results: Vec<(Vec<Interval>, Vec<Verdict>)> =
        vec![(Vec::new(), vec![Verdict::Undecided; targets.len()]); n];
    let mut rounds = 0;
    // Cheaper first; equal costs in grid order. total_cmp: a cost of NaN sorts last.
    let cmp = |a: usize, b: usize| points[a].cost.total_cmp(&points[b].cost).then(a.cmp(&b));
    loop {
        let best = (0..n)
            .filter(|&p| matches!(state[p], State::Known(Status::Feasible, _)))
            .min_by(|&a, &b| cmp(a, b));
        let dominated = |p: usize| best.is_some_and(|b| cmp(p, b).is_gt());
        let mut work: Vec<(usize, usize)> = Vec::new();
        for p in 0..n {
            match state[p] {
                State::Running | State::Unknown if dominated(p) => {
                    state[p] = State::Known(Status::Undecided, How::Dominated);
                }
                State::Running => {
                    let have = runs[p].len();
                    work.extend((have..(2 * have).min(max)).map(|r| (p, r)));
                }
                _ => {}
            }
        }
        for line in &lines {
            let mut i = 0;
            while i < line.len() {
                if state[line[i]] != State::Unknown {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j < line.len() && state[line[j]] == State::Unknown {
                    j += 1;
                }
                let running = |k: Option<&usize>| k.is_some_and(|&p| state[p] == State::Running);
                let waiting = (i > 0 && running(line.get(i - 1))) || running(line.get(j));
                if !waiting {
                    let mid = line[(i + j - 1) / 2];
                    work.extend((0..first).map(|r| (mid, r)));
                }
                i = j;
            }
        }
        if work.is_empty() {
            break;
        }
        work.sort_unstable();
        rounds += 1;
        let measured = measure(&work)?;
        let mut touched: Vec<usize> = Vec::new();
        for (&(p, _), m) in work.iter().zip(measured) {
            runs[p].push(m);
            if touched.last() != Some(&p) {
                touched.push(p);
            }
        }
        for p in touched {
            let iv = intervals(&runs[p], settings.confidence);
            let (verdicts, status) = judge(targets, &iv);
            results[p] = (iv, verdicts);
            state[p] = match status {
                Status::Undecided if runs[p].len() < max => State::Running,
                s => State::Known(s, How::Measured),
            };
        }
        infer(points, monotone, &mut state);
    }
    let mut warnings = Vec::new();
    for p in 0..n {
        for q in 0..n {
            if p != q
                && state[p] == State::Known(Status::Feasible, How::Measured)
                && state[q] == State::Known(Status::Infeasible, How::Measured)
                && at_least(points, monotone, p, q)
                && warnings.len() < 5
            {
                warnings.push(format!(
                    "point {} is feasible but point {}, with more of the monotone switches, is not: the targets may not be monotone there",
                    points[p].values.join(" "),
                    points[q].values.join(" ")
                ));
            }
        }
    }
    let mut feasible: Vec<usize> = (0..n)
        .filter(|&p| matches!(state[p], State::Known(Status::Feasible, _)))
        .collect();
    feasible.sort_by(|&a, &b| cmp(a, b));
    let choice = feasible.first().copied();
    let runner_up = feasible.get(1).copied();
    let cheaper_undecided = (0..n)
        .filter(|&p| matches!(state[p], State::Known(Status::Undecided, How::Measured)))
        .filter(|&p| choice.is_none_or(|c| cmp(p, c).is_lt()))
        .collect();
    let shortfall = |p: usize| {
        targets
            .iter()
            .map(|t| t.shortfall(results[p].0[t.measure].mean))
            .fold(0.0, f64::max)
    };
    let closest = if choice.is_none() {
        (0..n)
            .filter(|&p| !runs[p].is_empty())
            .min_by(|&a, &b| shortfall(a).total_cmp(&shortfall(b)).then(a.cmp(&b)))
    } else {
        None
    };
    let points = state
        .iter()
        .zip(runs)
        .zip(results)
        .map(|((s, runs), (intervals, verdicts))| {
            let (status, how) = match *s {
                State::Known(status, how) => (status, how),
                // Unreachable once the loop ends; kept total.
                _ => (Status::Undecided, How::Measured),
            };
            PointResult {
                status,
                how,
                runs,
                intervals,
                verdicts,
            }
        })
        .collect();
    Ok(Outcome {
        points,
        choice,
        runner_up,
        cheaper_undecided,
        closest,
        warnings,
        rounds,
    })
}

/// Carries every measured verdict along the monotone axes to the points not measured as
/// decided.
fn infer(points: &[PlanPoint], monotone: &[usize], state: &mut [State]) {
    if monotone.is_empty() {
        return;
    }
    let n = points.len();
    for p in 0..n {
        let State::Known(status @ (Status::Feasible | Status::Infeasible), How::Measured) =
            state[p]
        else {
            continue;
        };
        for (q, s) in state.iter_mut().enumerate() {
            let open = !matches!(s, State::Known(Status::Feasible | Status::Infeasible, _));
            let follows = match status {
                Status::Feasible => at_least(points, monotone, p, q),
                _ => at_least(points, monotone, q, p),
            };
            if q != p && open && follows {
                *s = State::Known(status, How::Inferred { from: p });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Target;

    /// A line of points 1..=8 whose "wait" is 10 / c with no noise but replication jitter.
    fn line() -> Vec<PlanPoint> {
        (1..=8)
            .map(|c| PlanPoint {
                values: vec![c.to_string()],
                coords: vec![f64::from(c)],
                cost: f64::from(c),
            })
            .collect()
    }

    fn fake(points: &[PlanPoint], work: &[(usize, usize)]) -> Vec<Measures> {
        work.iter()
            .map(|&(p, r)| {
                let mut m = [0.0; MEASURES.len()];
                m[1] = 10.0 / points[p].coords[0] + 0.01 * (r % 3) as f64;
                Measures(m)
            })
            .collect()
    }

    fn settings(monotone: bool) -> Settings {
        Settings {
            confidence: 0.95,
            min_replications: 3,
            max_replications: 12,
            monotone: if monotone { vec![0] } else { vec![] },
        }
    }

    #[test]
    fn bisection_finds_the_same_choice_with_fewer_runs() {
        let points = line();
        let targets = [Target::parse("wait_mean_s <= 2.6").unwrap()];
        let mut asked = Vec::new();
        let all = search::<()>(&points, &targets, &settings(false), |w| {
            asked.extend_from_slice(w);
            Ok(fake(&points, w))
        })
        .unwrap();
        let bisected =
            search::<()>(&points, &targets, &settings(true), |w| Ok(fake(&points, w))).unwrap();
        // 10/4 = 2.5 is the first wait under 2.6.
        assert_eq!(all.choice, Some(3));
        assert_eq!(bisected.choice, Some(3));
        assert_eq!(all.runner_up, Some(4));
        assert!(
            bisected.runs() < all.runs(),
            "{} vs {}",
            bisected.runs(),
            all.runs()
        );
        assert_eq!(
            bisected.points[7].how,
            How::Inferred { from: 3 },
            "{:?}",
            bisected.points
        );
        assert_eq!(bisected.points[0].status, Status::Infeasible);
        // Costlier than a feasible point: measured once, never refined.
        assert!(all.points[5].runs.len() <= 3);
    }

    #[test]
    fn no_feasible_point_names_the_closest() {
        let points = line();
        let targets = [Target::parse("wait_mean_s <= 1").unwrap()];
        let o = search::<()>(&points, &targets, &settings(false), |w| {
            Ok(fake(&points, w))
        })
        .unwrap();
        assert_eq!(o.choice, None);
        assert_eq!(o.closest, Some(7));
    }
}
