//! docs/scenario.md's tables of keys are the code's: made by `reference_tables` from the
//! schema (src/scenario/keys.rs), the defaults and the presets. A key added, a default or a
//! range changed without the page fails here. `CHIPSHOP_WRITE_DOCS=1` rewrites the tables.

use std::path::Path;

const START: &str = "<!-- keys: generated";
const END: &str = "<!-- end of keys -->";

#[test]
fn the_scenario_reference_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenario.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let start = page
        .find(START)
        .expect("the page marks where the tables start");
    let start = start + page[start..].find('\n').unwrap() + 1;
    let end = page.find(END).expect("the page marks where the tables end");
    let tables = chipshop::scenario::reference_tables();
    if page[start..end] != tables {
        if std::env::var_os("CHIPSHOP_WRITE_DOCS").is_some() {
            std::fs::write(&path, format!("{}{tables}{}", &page[..start], &page[end..])).unwrap();
            return;
        }
        panic!(
            "docs/scenario.md's tables differ from the code; rerun with CHIPSHOP_WRITE_DOCS=1 to rewrite them, and read the diff"
        );
    }
}

#[test]
fn the_readme_and_running_page_link_the_reference() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for page in ["README.md", "docs/running.md"] {
        let text = std::fs::read_to_string(root.join(page)).unwrap();
        assert!(
            text.contains("scenario.md"),
            "{page} links docs/scenario.md"
        );
    }
}
