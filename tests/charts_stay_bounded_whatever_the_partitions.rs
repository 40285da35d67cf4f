//! Charts stay legible and bounded however many partitions or preparers a run has: beyond
//! what a slide can show, the lag chart draws the partitions with the highest peak lag and
//! sums the rest (and says so), the utilisation chart averages the preparers beyond its bars,
//! and no line has more than a few thousand points. (`partitions = 100000` drew a 58 MB SVG.)

mod chipshop_bin;

use chipshop_bin::{arg, assert_ok, chipshop, scratch};

/// An SVG a slide tool opens at once: well under a megabyte.
const MAX_SVG_BYTES: u64 = 1 << 20;

#[test]
fn charts_stay_bounded_whatever_the_partitions() {
    let dir = scratch("bounded-charts");
    let out = dir.join("run");
    assert_ok(&chipshop(&[
        "run",
        "--scenario",
        "demo3",
        "--partitions",
        "2000",
        "--preparers",
        "60",
        "--open-for",
        "2m",
        "--charts",
        "svg",
        "--out",
        arg(&out),
    ]));
    let series = std::fs::metadata(out.join("series.csv")).unwrap().len();
    assert!(
        series > 10 * MAX_SVG_BYTES,
        "the data is big: {series} bytes"
    );
    for entry in std::fs::read_dir(out.join("charts")).unwrap() {
        let path = entry.unwrap().path();
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(size < MAX_SVG_BYTES, "{}: {size} bytes", path.display());
    }
    let lag = std::fs::read_to_string(out.join("charts/orders_waiting.svg")).unwrap();
    assert!(
        lag.contains("2000 partitions: the 7 with the highest peak lag, the other 1993 summed"),
        "the lag chart says what it summed"
    );
    assert!(
        lag.contains("1993 others"),
        "and names the summed line in its key"
    );
    let bars = std::fs::read_to_string(out.join("charts/preparer_utilisation.svg")).unwrap();
    assert!(
        bars.contains("the other 37 preparers (24 to 60), on average"),
        "the utilisation chart says what it averaged"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
