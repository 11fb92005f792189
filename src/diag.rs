//! Diagnostics about user input: what is wrong, where, and how to fix it.
//!
//! A [`Diagnostic`] is a value, collected (never printed) by the stages that read user
//! files; [`render`] turns a batch into rustc-style text with annotate-snippets. Findings
//! about a valid policy are not diagnostics: they belong to `verify`.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::{SourceMap, Span};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input is used, but probably not as meant.
    Warning,
    /// Worth knowing.
    Note,
}

/// One problem in user input, with the place it points at and the fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable kebab-case code, e.g. `unknown-role`.
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// One sentence: what is wrong.
    pub message: String,
    /// The place, when the problem has one.
    pub span: Option<Span>,
    /// The label under the primary span.
    pub label: String,
    /// Other places that explain the problem (e.g. the first definition of a duplicate).
    pub related: Vec<(Span, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(code: &'static str, message: impl Into<String>, span: Option<Span>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            label: String::new(),
            related: Vec::new(),
            help: None,
        }
    }

    /// Sets the label under the primary span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Adds a related place.
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    /// Sets the fix.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A batch of diagnostics, in the order of their place in the input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Sorts by place (file, offset), then code, so output does not depend on check order.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.span
                    .as_ref()
                    .map(|s| (s.file, s.range.start, s.range.end))
            };
            key(a)
                .cmp(&key(b))
                .then(a.code.cmp(b.code))
                .then(a.message.cmp(&b.message))
        });
        self.0.dedup();
    }
}

impl std::fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} problem(s) in the input", self.0.len())
    }
}

impl std::error::Error for Diagnostics {}

/// Renders diagnostics as rustc-style text: `error[code]: message`, `--> file:line:col`,
/// the source line with the span underlined, and `help:` with the fix.
pub fn render(diags: &Diagnostics, sources: &SourceMap, styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in &diags.0 {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code);
        let mut group = match d
            .span
            .as_ref()
            .and_then(|span| Some((span, sources.file(span.file)?)))
        {
            Some((span, file)) => {
                // Hand annotate-snippets only the lines the annotations cover: it scans
                // what it is given, and a topology can be megabytes long.
                let same_file: Vec<std::ops::Range<usize>> =
                    std::iter::once(clamp(span, &file.text))
                        .chain(
                            d.related
                                .iter()
                                .filter(|(r, _)| r.file == span.file)
                                .map(|(r, _)| clamp(r, &file.text)),
                        )
                        .collect();
                let lo = same_file.iter().map(|r| r.start).min().unwrap_or(0);
                let hi = same_file.iter().map(|r| r.end).max().unwrap_or(lo);
                let (first, last) = (file.line_index(lo), file.line_index(hi));
                let window = file.lines_range(first, last);
                let text = file.text.get(window.clone()).unwrap_or("");
                let shift = |r: &std::ops::Range<usize>| {
                    let a = r.start.saturating_sub(window.start).min(text.len());
                    a..r.end.saturating_sub(window.start).clamp(a, text.len())
                };
                let mut snippet = Snippet::source(text)
                    .line_start(first + 1)
                    .path(file.name.as_str())
                    .fold(true)
                    .annotation(
                        AnnotationKind::Primary
                            .span(shift(&clamp(span, &file.text)))
                            .label(d.label.as_str()),
                    );
                for (rel, label) in &d.related {
                    if rel.file == span.file {
                        snippet = snippet.annotation(
                            AnnotationKind::Context
                                .span(shift(&clamp(rel, &file.text)))
                                .label(label.as_str()),
                        );
                    }
                }
                title.element(snippet)
            }
            None => Group::with_title(title),
        };
        for (rel, label) in &d.related {
            if d.span.as_ref().is_some_and(|s| s.file == rel.file) {
                continue;
            }
            let (line, col) = sources.line_col(rel);
            let name = sources.file(rel.file).map_or("?", |f| f.name.as_str());
            group = group.element(Level::NOTE.message(format!("{label} ({name}:{line}:{col})")));
        }
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

fn clamp(span: &Span, text: &str) -> std::ops::Range<usize> {
    let start = span.range.start.min(text.len());
    let end = span.range.end.clamp(start, text.len());
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendering_names_file_line_column_and_fix() {
        let mut map = SourceMap::new();
        let id = map.add("site.toml", "[[host]]\nroles = [\"mangement_point\"]\n");
        let d = Diagnostic::error(
            "unknown-role",
            "unknown role `mangement_point`",
            Some(Span::new(id, 19..35)),
        )
        .label("not a role of catalog `configmgr-2007`")
        .help("did you mean `management_point`?");
        let text = render(&Diagnostics(vec![d]), &map, false);
        assert!(
            text.contains("error[unknown-role]: unknown role `mangement_point`"),
            "{text}"
        );
        assert!(text.contains("site.toml:2:11"), "{text}");
        assert!(
            text.contains("help: did you mean `management_point`?"),
            "{text}"
        );
    }
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a
/// plausible typo (at most a third of the word's length, and at least one edit allowed).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// The fix text for an unknown name: the nearest candidate, or the full list when short.
pub fn suggest<'a>(
    word: &str,
    what: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    match nearest(word, candidates.clone()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => {
            let all: Vec<&str> = candidates.into_iter().collect();
            if all.is_empty() {
                format!("define the {what} first")
            } else if all.len() <= 12 {
                format!(
                    "expected one of: {}",
                    all.iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                format!("use one of the {} known {what} names", all.len())
            }
        }
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod suggest_tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_but_not_strangers() {
        let roles = ["management_point", "distribution_point", "site_server"];
        assert_eq!(nearest("mangement_point", roles), Some("management_point"));
        assert_eq!(nearest("Site_Server", roles), Some("site_server"));
        assert_eq!(nearest("toaster", roles), None);
    }
}
