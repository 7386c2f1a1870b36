// temporary: dump warnings and notes for the corpus
#[test]
fn dump() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/iot-2018-01-20");
    for sub in ["en", "en/variants", "zh"] {
        let mut pages: Vec<_> = std::fs::read_dir(dir.join(sub)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "md")).collect();
        pages.sort();
        for p in pages {
            let text = std::fs::read_to_string(&p).unwrap();
            match codegen::import::import_with_notes(&text, &Default::default()) {
                Ok((i, notes)) => {
                    for w in &i.warnings { println!("W {sub}/{}:{}: {}", p.file_name().unwrap().to_string_lossy(), w.line, w.message); }
                    for w in &notes { println!("N {sub}/{}:{}: {}", p.file_name().unwrap().to_string_lossy(), w.line, w.message); }
                }
                Err(e) => println!("E {}: {e}", p.display()),
            }
        }
    }
}
