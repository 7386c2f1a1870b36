//! The shared data directory (`../shared`, beside the checkout) for the tests that read it: where
//! a file of it is, and the skip switch. Missing, a test fails naming what and where; only
//! `ALIYUN_IOT_TEST_SKIP=shared` (see the README's Tests section) skips it, and says so.

// Each test file uses part of this module.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// `rel` in the shared data directory (`corpus/iot-2018-01-20`), or `None` when the switch skips
/// `test`. The skip is written to stderr past the test harness's capture, so `cargo test` shows it.
pub(crate) fn path(test: &str, rel: &str) -> Option<PathBuf> {
    if std::env::var("ALIYUN_IOT_TEST_SKIP").is_ok_and(|list| list.split(',').any(|item| item.trim() == "shared")) {
        let _ = writeln!(std::io::stderr(), "SKIPPED {test}: ALIYUN_IOT_TEST_SKIP=shared (it reads ../shared)");
        return None;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared").join(rel);
    assert!(
        path.exists(),
        "missing {}: it lives outside the repository, in the shared data directory that goes beside the checkout as \
         ../shared; put it there, or set ALIYUN_IOT_TEST_SKIP=shared to skip {test}",
        path.display()
    );
    Some(path)
}

/// The doc corpus (`corpus/iot-2018-01-20`), as [`path`].
pub(crate) fn corpus(test: &str) -> Option<PathBuf> {
    path(test, "corpus/iot-2018-01-20")
}

/// Every page of the corpus: English, its older variants, Chinese, each set sorted.
pub(crate) fn corpus_pages(corpus: &Path) -> Vec<PathBuf> {
    let mut pages = Vec::new();
    for set in ["en", "en/variants", "zh"] {
        let mut here: Vec<PathBuf> =
            std::fs::read_dir(corpus.join(set)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "md")).collect();
        here.sort();
        pages.extend(here);
    }
    pages
}
