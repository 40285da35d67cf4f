//! Erlang C: the probability of waiting, and the mean wait, in an M/M/c queue.

/// Probability that an arrival waits in an M/M/c queue with arrival rate `lambda`,
/// service rate `mu` per server and `c` servers; `None` unless `lambda < c * mu`.
pub fn erlang_c(c: u32, lambda: f64, mu: f64) -> Option<f64> {
    let a = lambda / mu; // offered load in erlangs
    let rho = a / f64::from(c);
    if c == 0 || !(0.0..1.0).contains(&rho) {
        return None;
    }
    // Sum a^k / k! for k < c, term by term to stay finite for large c.
    let mut term = 1.0;
    let mut sum = 0.0;
    for k in 0..c {
        sum += term;
        term *= a / f64::from(k + 1);
    }
    // term is now a^c / c!.
    let top = term / (1.0 - rho);
    Some(top / (sum + top))
}

/// Mean wait in queue (before service) of an M/M/c queue, in the unit of 1 / `mu`.
pub fn mmc_wait(c: u32, lambda: f64, mu: f64) -> Option<f64> {
    erlang_c(c, lambda, mu).map(|p| p / (f64::from(c) * mu - lambda))
}

/// Mean wait in queue of an M/M/1 queue: rho / (mu - lambda).
pub fn mm1_wait(lambda: f64, mu: f64) -> Option<f64> {
    mmc_wait(1, lambda, mu)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_textbook_values() {
        // M/M/1: Wq = rho / (mu - lambda) = 0.9 / 0.1.
        assert!((mm1_wait(0.9, 1.0).unwrap() - 9.0).abs() < 1e-12);
        // M/M/3 with a = 2.4: C(3, 2.4) = 0.64719..., Wq = C / (3 - 2.4).
        let c = erlang_c(3, 2.4, 1.0).unwrap();
        assert!((c - 0.647_191).abs() < 1e-6, "{c}");
        assert!((mmc_wait(3, 2.4, 1.0).unwrap() - c / 0.6).abs() < 1e-12);
        assert_eq!(
            mmc_wait(2, 2.0, 1.0),
            None,
            "unstable queues have no steady state"
        );
    }
}
