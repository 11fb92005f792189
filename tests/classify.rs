//! The classifier on real ClassBench filter sets: the same answer as a linear first-match
//! scan on every header of every trace, and never later than the rule a header came from.

use cordon::classify::{Classifier, linear_lookup};

use crate::support::classbench;

fn check(set: &str, trace: &str) {
    let rules = classbench::rules(set).unwrap();
    let headers = classbench::trace(trace).unwrap();
    assert!(
        rules.len() > 500 && headers.len() > 5000,
        "{set}: too small a check"
    );
    let c = Classifier::new(&rules);
    for (i, (h, generated_from)) in headers.iter().enumerate() {
        let want = linear_lookup(&rules, h);
        assert_eq!(c.lookup(h), want, "{trace} header {i}: {h:?}");
        let first = want.unwrap_or_else(|| panic!("{trace} header {i} matches nothing"));
        assert!(first <= *generated_from, "{trace} header {i}");
    }
}

#[test]
fn acl1_1k_agrees_with_the_linear_scan() {
    check("acl1_1k", "acl1_1k_trace");
}

#[test]
fn fw1_1k_agrees_with_the_linear_scan() {
    check("fw1_1k", "fw1_1k_trace");
}

#[test]
fn ipc1_1k_agrees_with_the_linear_scan() {
    check("ipc1_1k", "ipc1_1k_trace");
}
