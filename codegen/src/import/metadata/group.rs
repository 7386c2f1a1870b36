//! `directories`: the portal's grouping of actions. An action's group is the title of the top-level
//! directory that lists it, directly or in a nested directory.

use super::json::Json;

pub(super) fn group(directories: Option<&Json>, action: &str) -> Option<String> {
    directories?.as_array()?.iter().find(|d| lists(d, action)).and_then(|d| d.get("title")).and_then(Json::text).map(str::to_string)
}

fn lists(directory: &Json, action: &str) -> bool {
    directory.get("children").and_then(Json::as_array).into_iter().flatten().any(|child| match child {
        Json::String(name) => name == action,
        nested => lists(nested, action),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_title_of_the_directory_that_lists_the_action() {
        let dirs = Json::parse(
            r#"[{"title": "产品", "children": ["A", "B"]},
                {"title": "增值", "children": [{"title": "子目录", "children": ["C"]}, "D"]},
                {"title": "again", "children": ["A"]}]"#,
        )
        .unwrap();
        assert_eq!(group(Some(&dirs), "A").as_deref(), Some("产品"));
        assert_eq!(group(Some(&dirs), "C").as_deref(), Some("增值"));
        assert_eq!(group(Some(&dirs), "D").as_deref(), Some("增值"));
        assert_eq!(group(Some(&dirs), "E"), None);
        assert_eq!(group(None, "A"), None);
    }
}
