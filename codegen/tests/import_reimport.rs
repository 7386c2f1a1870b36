//! Re-importing keeps the file's form (issue 10, item 5): an unchanged page leaves a spec
//! byte-identical, a changed page changes only what changed, and members keep the file's order.
//! Done as `cargo xtask import` does it: import, finish over the previous spec, rewrite.

use codegen::import::{self, Options, rewrite};
use codegen::spec::load;
use std::path::{Path, PathBuf};

fn seed() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/QueryProductList.txt")).unwrap()
}

/// What `cargo xtask import --facts-only` writes for `page` over a file holding `old` (`None`:
/// nothing, the file says it already).
fn reimport(page: &str, old: &str) -> Option<String> {
    let file = PathBuf::from("QueryProductList.yaml");
    let previous = load::action(&file, old).unwrap();
    let mut action = import::import(page, &Options::default()).unwrap().action;
    import::finish(&mut action, Some(&previous), true);
    let fresh = import::to_yaml(&action, &file).unwrap();
    rewrite::rewrite(&file, old, &previous, &action, &fresh)
}

fn first_import(page: &str) -> String {
    let mut action = import::import(page, &Options::default()).unwrap().action;
    import::finish(&mut action, None, true);
    import::to_yaml(&action, Path::new("QueryProductList.yaml")).unwrap()
}

#[test]
fn an_unchanged_page_leaves_the_spec_as_it_is_even_hand_formatted() {
    let written = first_import(&seed());
    assert_eq!(reimport(&seed(), &written), None);
    // Comments, blank lines, quoting and indentation of a reviewed spec survive.
    let reviewed =
        format!("# Reviewed against the console.\n{}", written.replace("\nrequest:\n", "\n\nrequest:\n").replace("type: Integer", "type: 'Integer'"));
    assert_eq!(reimport(&seed(), &reviewed), None);
}

#[test]
fn a_changed_page_changes_only_what_changed() {
    let written = first_import(&seed());
    let reviewed = format!("# Reviewed against the console.\n{}", written.replace("\nrequest:\n", "\n\nrequest:\n"));
    // The page now says the page size is a Long, and documents a new parameter.
    let page = seed()
        .replace("PageSize Integer Yes", "PageSize Long Yes")
        .replace("Common Request Parameters - Yes", "ResourceGroupId String No The resource group.\nCommon Request Parameters - Yes");
    let text = reimport(&page, &reviewed).expect("changed");
    let before: Vec<&str> = reviewed.lines().collect();
    let after: Vec<&str> = text.lines().collect();
    assert!(text.starts_with("# Reviewed against the console.\n"), "{text}");
    assert!(after.len() == before.len() + 2, "{text}");
    let changed: Vec<&str> = after.iter().filter(|l| !before.contains(l)).copied().collect();
    assert_eq!(changed, ["  type: Long", "- name: ResourceGroupId"], "{text}");
}

#[test]
fn members_keep_the_order_of_the_committed_spec() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-specs/iot/2018-01-20/actions/QueryProductList.yaml");
    let old = std::fs::read_to_string(&committed).expect("the committed QueryProductList spec");
    let previous = load::action(&committed, &old).unwrap();
    let mut action = import::import(&seed(), &Options::default()).unwrap().action;
    import::finish(&mut action, Some(&previous), true);
    let order = |members: &[codegen::spec::Member]| members.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
    let kept: Vec<String> = order(&previous.request).into_iter().filter(|n| action.request.iter().any(|m| &m.name == n)).collect();
    assert_eq!(order(&action.request), kept);
}
