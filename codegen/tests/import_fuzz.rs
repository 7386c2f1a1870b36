//! Mutated pages never panic the importer: rows cut, lines shuffled and duplicated, random bytes
//! and pipes inserted, pages truncated. Deterministic (a fixed-seed xorshift PRNG), over the seed
//! fixtures, the seeds rendered into each web text layout, and a few corpus pages of each layout
//! (from ../shared: missing, the test fails, unless `ALIYUN_IOT_TEST_SKIP=shared` leaves them out).
//! Whatever the importer returns for a mutant either fails to import, is rejected by the loader, or loads.

use codegen::import::{self, Options};
use std::path::{Path, PathBuf};
use web_render::{Shape, render};

mod shared_data;
mod web_render;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn pages() -> Vec<String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> =
        ["ListOTAModuleByProduct.md", "QueryProductList.txt"].iter().map(|f| manifest.join("tests/fixtures/import").join(f)).collect();
    let corpus_pages =
        ["en/QueryProductList.md", "en/ListOTAJobByFirmware.md", "en/BatchAddDeviceGroupRelations.md", "zh/QueryProductList.md", "zh/GetRule.md"];
    if let Some(corpus) = shared_data::corpus("mutated_pages_never_panic") {
        files.extend(corpus_pages.iter().map(|page| corpus.join(page)));
    }
    let mut pages: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
    let seeds = pages[..2].to_vec();
    for seed in seeds {
        pages.extend([Shape::Piped, Shape::CellPerLine, Shape::Concatenated].map(|shape| render(&seed, shape)));
    }
    pages
}

fn mutate(page: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = page.lines().map(String::from).collect();
    for _ in 0..1 + rng.below(4) {
        if lines.is_empty() {
            break;
        }
        let at = rng.below(lines.len());
        match rng.below(7) {
            0 => {
                lines.remove(at);
            }
            1 => {
                let other = rng.below(lines.len());
                lines.swap(at, other);
            }
            2 => {
                let copy = lines[at].clone();
                lines.insert(at, copy);
            }
            3 => lines.truncate(at),
            4 => {
                let bytes: Vec<u8> = (0..rng.below(40)).map(|_| rng.next() as u8).collect();
                lines.insert(at, String::from_utf8_lossy(&bytes).into_owned());
            }
            5 => {
                let line = &mut lines[at];
                let cut = (0..=rng.below(line.len() + 1)).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
                line.insert_str(cut, ["|", "\\", "**", "{", "[", "```", "\u{200b}", ".N."][rng.below(8)]);
            }
            _ => {
                // Shuffle a block of lines (a table's rows, usually).
                let end = (at + rng.below(12)).min(lines.len());
                for i in at..end {
                    let j = at + rng.below(end - at);
                    lines.swap(i, j);
                }
            }
        }
    }
    lines.join("\n")
}

#[test]
fn mutated_pages_never_panic() {
    let pages = pages();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut imported, mut rejected, mut failed) = (0, 0, 0);
    for round in 0..3000 {
        let page = &pages[round % pages.len()];
        let mutant = mutate(page, &mut rng);
        match import::import(&mutant, &Options::default()) {
            Ok(result) => {
                let file = PathBuf::from(format!("{}.yaml", result.action.action));
                match import::to_yaml(&result.action, &file) {
                    Ok(yaml) => {
                        codegen::spec::load::action(&file, &yaml).expect("to_yaml validates what it returns");
                        imported += 1;
                    }
                    Err(_) => rejected += 1,
                }
            }
            Err(_) => failed += 1,
        }
    }
    println!("{imported} imported, {rejected} rejected by the loader, {failed} not importable");
    assert!(imported > 0);
}
