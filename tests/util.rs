//! Helpers: run the binary, compare with golden files (CORDON_BLESS=1 rewrites them).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run cordon")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// Compares `actual` with the golden file byte for byte; with CORDON_BLESS=1 writes it.
pub fn assert_golden(path: &Path, actual: &str) {
    if std::env::var_os("CORDON_BLESS").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with CORDON_BLESS=1",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        let show = |s: &str| {
            s.lines()
                .skip(first.saturating_sub(3))
                .take(7)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{} differs from the output at line {}\n--- expected\n{}\n--- actual\n{}\n(run with CORDON_BLESS=1 to accept)",
            path.display(),
            first + 1,
            show(&expected),
            show(actual)
        );
    }
}

/// Emits `example` for one target into a fresh directory and plans it in-process, so a
/// test can read the files back against the policy they were rendered from.
pub fn emit_and_plan(
    example: &str,
    target: &str,
) -> (tempfile::TempDir, std::path::PathBuf, Planned) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    emit_into(example, target, &out);
    (dir, out, plan(example))
}

/// `cordon emit EXAMPLE --target TARGET --out OUT`, which must succeed.
pub fn emit_into(example: &str, target: &str, out: &Path) {
    let o = cordon(&[
        "emit",
        example,
        "--target",
        target,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Plans an example in-process.
pub fn plan(example: &str) -> Planned {
    let text = std::fs::read_to_string(root().join(example)).unwrap();
    let mut sources = cordon::source::SourceMap::new();
    let file = sources.add(example, text.clone());
    let topology = cordon::topology::load_text(file, &text, None, &mut sources)
        .unwrap_or_else(|e| panic!("{e}"));
    let traffic = cordon::traffic::build(&topology);
    let policy = cordon::policy::build(&topology, &traffic);
    Planned {
        topology,
        traffic,
        policy,
    }
}

/// A topology with its policy.
pub struct Planned {
    pub topology: cordon::topology::Topology,
    pub traffic: cordon::traffic::TrafficMap,
    pub policy: cordon::policy::Policy,
}
