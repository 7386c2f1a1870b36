//! Regeneration cost as the number of actions grows: 10, 100 and 1000 synthesized action specs
//! (copies of the seed specs under new names), loaded from disk and generated in memory, the way
//! `cargo xtask regenerate` does. Prints ms per action and ratios against the 10-action run, so the
//! per-action cost and whether it stays flat can be read off one run.
//!
//! Run: `cargo bench -p aliyun-rpc-codegen --bench regenerate`

use std::path::Path;
use std::time::{Duration, Instant};

fn synthesize(dir: &Path, count: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let specs = root.join("api-specs/iot/2018-01-20");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("actions")).unwrap();
    std::fs::copy(specs.join("product.yaml"), dir.join("product.yaml")).unwrap();
    let templates: Vec<(String, String)> = ["QueryProductList", "ListOTAModuleByProduct"]
        .iter()
        .map(|a| (a.to_string(), std::fs::read_to_string(specs.join(format!("actions/{a}.yaml"))).unwrap()))
        .collect();
    for i in 0..count {
        let (name, text) = &templates[i % templates.len()];
        let new_name = format!("{name}{i:04}");
        // The sample of QueryProductList is broken as published; without its fixup the generator
        // synthesizes one instead, which is the more expensive path, so it is measured too.
        std::fs::write(dir.join(format!("actions/{new_name}.yaml")), text.replace(&format!("action: {name}"), &format!("action: {new_name}")))
            .unwrap();
    }
}

/// Best of `runs`: (load, generate) durations.
fn measure(dir: &Path, runs: usize) -> (Duration, Duration) {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let specs = codegen::spec::load(dir).expect("synthesized specs load");
            let loaded = start.elapsed();
            let output = codegen::generate::generate(&specs).expect("synthesized specs generate");
            std::hint::black_box(output.files.len());
            (loaded, start.elapsed() - loaded)
        })
        .min_by_key(|(l, g)| *l + *g)
        .unwrap()
}

fn main() {
    let scratch = std::env::temp_dir().join(format!("regenerate-bench-{}", std::process::id()));
    let mut baseline_per_action = None;
    println!("{:>8} {:>12} {:>12} {:>14} {:>18}", "actions", "load ms", "generate ms", "ms per action", "per-action ratio");
    for (count, runs) in [(10, 5), (100, 3), (1000, 1)] {
        synthesize(&scratch, count);
        let (load, generate) = measure(&scratch, runs);
        let per_action = (load + generate).as_secs_f64() * 1000.0 / count as f64;
        let baseline = *baseline_per_action.get_or_insert(per_action);
        println!(
            "{count:>8} {:>12.1} {:>12.1} {per_action:>14.3} {:>17.2}x",
            load.as_secs_f64() * 1000.0,
            generate.as_secs_f64() * 1000.0,
            per_action / baseline
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
