//! Import throughput over the whole corpus (../shared/corpus/iot-2018-01-20): pages per second for
//! the importer, and for a baseline that only reads and splits the same pages into lines, with
//! their ratio. Skips (with a message) when the corpus is absent.
//!
//! Run: `cargo bench -p aliyun-rpc-codegen --bench import`

use codegen::import::{self, Options};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn corpus_pages() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/iot-2018-01-20");
    let mut pages = Vec::new();
    for sub in ["en", "en/variants", "zh"] {
        for entry in std::fs::read_dir(dir.join(sub)).ok()? {
            let path = entry.ok()?.path();
            if path.extension().is_some_and(|x| x == "md") {
                pages.push(path);
            }
        }
    }
    Some(pages)
}

/// Best of `runs` passes over all pages.
fn best(runs: usize, mut pass: impl FnMut() -> usize) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(pass());
            start.elapsed()
        })
        .min()
        .expect("runs > 0")
}

fn main() {
    let Some(pages) = corpus_pages() else {
        println!("skipped: the corpus is not at ../shared/corpus/iot-2018-01-20");
        return;
    };
    let runs = 20;
    let baseline = best(runs, || pages.iter().map(|p| std::fs::read_to_string(p).unwrap().lines().count()).sum());
    let importing = best(runs, || {
        pages
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).unwrap();
                import::import(&text, &Options::default()).map_or(0, |i| i.action.request.len())
            })
            .sum()
    });
    let per_second = |d: Duration| pages.len() as f64 / d.as_secs_f64();
    println!("{} pages, best of {runs} passes", pages.len());
    println!("read + split lines: {:>10.0} pages/s ({:.2} ms per pass)", per_second(baseline), baseline.as_secs_f64() * 1e3);
    println!("import:             {:>10.0} pages/s ({:.2} ms per pass)", per_second(importing), importing.as_secs_f64() * 1e3);
    println!("import / baseline time: {:.1}x", importing.as_secs_f64() / baseline.as_secs_f64());
}
