//! The data flows one way (DESIGN.md): each module may use only the stages before it.

use crate::util::root;

/// Module → the cordon modules it may use.
const ALLOWED: &[(&str, &[&str])] = &[
    ("source", &[]),
    ("net", &[]),
    ("diag", &["source"]),
    // The TOML pieces the topology and the catalog both read, below both.
    ("toml_input", &["source", "diag", "net"]),
    // First-match lookup is a data structure over selectors, not a stage.
    ("classify", &["net"]),
    // The catalog is data about roles.
    ("catalog", &["source", "diag", "net", "toml_input"]),
    // Roles are validated against the catalog while the topology is resolved.
    (
        "topology",
        &["source", "diag", "net", "catalog", "toml_input"],
    ),
    // Spans (a leaf, like net) let later stages point findings at topology items.
    ("traffic", &["topology", "catalog", "source", "net"]),
    ("policy", &["traffic", "topology", "net"]),
    // How each platform decides: a model over the policy's rules, below the emitters.
    ("platform", &["policy", "traffic", "topology", "net"]),
    // Emitters render the policy; topology and traffic give names and flow ids only; the
    // platform models say what each target's rules must be.
    (
        "emit",
        &["policy", "platform", "topology", "traffic", "net"],
    ),
    // Verify asks the platform capabilities what two ends can negotiate.
    (
        "verify",
        &[
            "policy", "platform", "traffic", "topology", "catalog", "source", "net",
        ],
    ),
    (
        "report",
        &[
            "policy", "traffic", "topology", "catalog", "verify", "audit", "diff", "drift", "diag",
            "source", "net", "classify",
        ],
    ),
    (
        "explain",
        &["policy", "traffic", "topology", "verify", "net"],
    ),
    (
        "audit",
        &["classify", "traffic", "topology", "catalog", "net"],
    ),
    // A diff compares two plans, findings included.
    ("diff", &["verify", "policy", "traffic", "topology", "net"]),
    // The lab runs the whole pipeline against real tools, like the CLI.
    // The host lab holds the kernel against the platform model and explain's verdicts.
    (
        "lab",
        &[
            "audit", "emit", "explain", "platform", "policy", "traffic", "topology", "net",
        ],
    ),
    // Drift asks the platform models about deployed state, against what emit writes for
    // the same owner (thousands of kernel policies through the first-match classifier);
    // its finding codes share verify's shape.
    (
        "drift",
        &[
            "emit", "platform", "policy", "traffic", "topology", "verify", "classify", "source",
            "diag", "net",
        ],
    ),
    ("synth", &[]),
];

#[test]
fn modules_use_only_earlier_stages() {
    let src = root().join("src");
    let mut violations = Vec::new();
    for (module, allowed) in ALLOWED {
        let mut files = Vec::new();
        let dir = src.join(module);
        if dir.is_dir() {
            // A module's folder, sub-modules' folders included.
            let mut folders = vec![dir];
            while let Some(folder) = folders.pop() {
                for e in std::fs::read_dir(&folder).unwrap().flatten() {
                    let path = e.path();
                    if path.is_dir() {
                        folders.push(path);
                    } else if path.extension().is_some_and(|x| x == "rs") {
                        files.push(path);
                    }
                }
            }
        } else {
            files.push(src.join(format!("{module}.rs")));
        }
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // Unit tests (at the bottom of a file) may build inputs from any stage.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                let mut rest = line;
                while let Some(i) = rest.find("crate::") {
                    let after = &rest[i + 7..];
                    let used: String = after
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if used != *module && !allowed.contains(&used.as_str()) {
                        violations.push(format!(
                            "{}:{}: {module} uses {used}",
                            file.display(),
                            n + 1
                        ));
                    }
                    rest = after;
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "layering violations:\n{}",
        violations.join("\n")
    );
}

#[test]
fn only_cli_prints() {
    let src = root().join("src");
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !p.starts_with(src.join("cli")) && p != src.join("main.rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for bad in [
                    "println!",
                    "eprintln!",
                    "print!(",
                    "eprint!(",
                    "std::process::exit",
                ] {
                    assert!(!text.contains(bad), "{} uses {bad}", p.display());
                }
            }
        }
    }
}
