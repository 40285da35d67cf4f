//! Thinning a line for drawing: at most a few thousand points per line, whatever the run's
//! length or sampling, keeping every peak and trough a slide could show. Not a statistic: the
//! files keep every point.

/// Points per line at most (four per bucket, so about two per pixel of a 1920-wide chart).
pub(super) const MAX_POINTS: usize = 4000;

/// `points` (in x order) cut to at most [`MAX_POINTS`]: the x range is split into equal
/// buckets and each keeps its first, lowest, highest and last point, in x order, so the line
/// drawn passes through every extreme of the original.
pub(super) fn thin(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    if points.len() <= MAX_POINTS {
        return points.to_vec();
    }
    let buckets = MAX_POINTS / 4;
    let (x0, x1) = (points[0].0, points[points.len() - 1].0);
    let width = (x1 - x0) / buckets as f64;
    let mut out = Vec::with_capacity(MAX_POINTS);
    let mut start = 0;
    while start < points.len() {
        let bucket = if width > 0.0 {
            (((points[start].0 - x0) / width) as usize).min(buckets - 1)
        } else {
            0
        };
        let limit = x0 + width * (bucket + 1) as f64;
        let mut end = start + 1;
        while end < points.len() && (points[end].0 < limit || bucket == buckets - 1) {
            end += 1;
        }
        let slice = &points[start..end];
        let low = (0..slice.len())
            .min_by(|&a, &b| slice[a].1.total_cmp(&slice[b].1))
            .unwrap_or(0);
        let high = (0..slice.len())
            .max_by(|&a, &b| slice[a].1.total_cmp(&slice[b].1))
            .unwrap_or(0);
        let mut keep = [0, low, high, slice.len() - 1];
        keep.sort_unstable();
        let mut last = usize::MAX;
        for k in keep {
            if k != last {
                out.push(slice[k]);
                last = k;
            }
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_peak_and_the_ends_within_the_bound() {
        // A million samples of a saw with one spike and one dip.
        let mut pts: Vec<(f64, f64)> = (0..1_000_000)
            .map(|i| (i as f64 * 0.01, (i % 97) as f64))
            .collect();
        pts[123_457].1 = 5000.0;
        pts[876_543].1 = -40.0;
        let thin = thin(&pts);
        assert!(thin.len() <= MAX_POINTS, "{}", thin.len());
        assert!(thin.contains(&pts[123_457]) && thin.contains(&pts[876_543]));
        assert_eq!(thin.first(), pts.first());
        assert_eq!(thin.last(), pts.last());
        assert!(thin.windows(2).all(|w| w[0].0 <= w[1].0), "x order kept");
        let short = &pts[..10];
        assert_eq!(super::thin(short), short, "short lines are drawn whole");
    }
}
