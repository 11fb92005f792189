//! Bad input: each `tests/diagnostics/<case>.toml` must fail with exit status 2 and print
//! exactly `<case>.stderr` (file, line, column, what is wrong, the fix).

use crate::util::{assert_golden, cordon, root, stderr};

#[test]
fn every_case_renders_its_expected_diagnostic() {
    let dir = root().join("tests/diagnostics");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && !p.file_name().unwrap().to_str().unwrap().starts_with('_')
        })
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 15,
        "expected the diagnostic cases, found {}",
        cases.len()
    );
    for case in cases {
        let rel = format!(
            "tests/diagnostics/{}",
            case.file_name().unwrap().to_str().unwrap()
        );
        let o = cordon(&["plan", &rel]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{rel} should fail:\n{}",
            stderr(&o)
        );
        let err = stderr(&o);
        assert!(
            err.contains(&format!("--> {rel}:")),
            "{rel}: no file:line:col in\n{err}"
        );
        assert!(err.contains("help:"), "{rel}: no fix in\n{err}");
        assert_golden(&case.with_extension("stderr"), &err);
    }
}
