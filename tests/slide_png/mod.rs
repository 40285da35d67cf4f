//! The check every chart test makes of a PNG for slides: 1920x1080 and not blank.

use std::path::Path;

/// The PNG is 1920x1080 and not blank; returns its mean brightness (0..255).
pub fn check_png(path: &Path) -> f64 {
    let img = image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_luma8();
    assert_eq!(img.dimensions(), (1920, 1080), "{}", path.display());
    let n = img.pixels().len() as f64;
    let mean = img.pixels().map(|p| f64::from(p[0])).sum::<f64>() / n;
    let var = img
        .pixels()
        .map(|p| (f64::from(p[0]) - mean).powi(2))
        .sum::<f64>()
        / n;
    assert!(
        var > 50.0,
        "{} looks blank (variance {var})",
        path.display()
    );
    mean
}
