//! The HTML gap report for every reader: charts with a text alternative
//! carrying their numbers, a `<main>`, tables with captions and header
//! scopes; parsed by a browser-grade HTML parser (html5ever) without a
//! single parse error, and self-contained.

use std::cell::RefCell;

use assert_cmd::Command;
use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, parse_document, tree_builder::TreeBuilderOpts};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assessments/example.toml");

fn report(file: &str) -> String {
    let out = Command::cargo_bin("gapwalk")
        .expect("binary")
        .args(["report", file, "--format", "html", "--as-of", "2026-11-28"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn parse(html: &str) -> RcDom {
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            exact_errors: true,
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    parse_document(RcDom::default(), opts).one(html)
}

/// An element: its name, its attributes and its node.
type Element = (String, Vec<(String, String)>, Handle);

/// Every element under `node`, depth first.
fn elements(node: &Handle, out: &mut Vec<Element>) {
    if let NodeData::Element { name, attrs, .. } = &node.data {
        let attrs: Vec<(String, String)> = attrs
            .borrow()
            .iter()
            .map(|a| (a.name.local.to_string(), a.value.to_string()))
            .collect();
        out.push((name.local.to_string(), attrs, node.clone()));
    }
    for child in node.children.borrow().iter() {
        elements(child, out);
    }
}

fn text(node: &Handle) -> String {
    let out = RefCell::new(String::new());
    fn walk(n: &Handle, out: &RefCell<String>) {
        if let NodeData::Text { contents } = &n.data {
            out.borrow_mut().push_str(&contents.borrow());
        }
        for c in n.children.borrow().iter() {
            walk(c, out);
        }
    }
    walk(node, &out);
    out.into_inner()
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn check(html: &str) {
    let dom = parse(html);
    let errors: Vec<String> = dom.errors.borrow().iter().map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "parse errors: {errors:#?}");
    let mut all = Vec::new();
    elements(&dom.document, &mut all);
    let count = |name: &str| all.iter().filter(|(n, _, _)| n == name).count();
    assert_eq!(count("main"), 1, "one <main>");
    assert_eq!(count("script"), 0);
    assert_eq!(count("link"), 0, "no external style sheet");
    for (name, attrs, _) in &all {
        for key in ["src", "href"] {
            if let Some(v) = attr(attrs, key) {
                assert!(
                    v.starts_with('#') || v.starts_with("data:"),
                    "<{name} {key}=\"{v}\"> leaves the page"
                );
            }
        }
    }
    // Charts: a caption and a description carrying their numbers.
    let svgs: Vec<_> = all.iter().filter(|(n, _, _)| n == "svg").collect();
    assert!(!svgs.is_empty(), "the report has charts");
    for (_, attrs, node) in &svgs {
        assert_eq!(attr(attrs, "role"), Some("img"));
        let described = attr(attrs, "aria-describedby").expect("aria-describedby");
        let mut inside = Vec::new();
        elements(node, &mut inside);
        let desc = inside
            .iter()
            .find(|(n, a, _)| n == "desc" && attr(a, "id") == Some(described))
            .expect("a <desc> the chart points at");
        let words = text(&desc.2);
        assert!(
            words.chars().any(|c| c.is_ascii_digit()),
            "numbers in {words:?}"
        );
        // Every number drawn in the chart is in its description.
        for (n, _, t) in &inside {
            if n == "text" {
                let shown = text(t);
                if let Ok(v) = shown.trim().parse::<u32>() {
                    assert!(words.contains(&v.to_string()), "{v} not in {words:?}");
                }
            }
        }
    }
    // Tables: a caption, and header cells that say what they head.
    for (name, _, node) in &all {
        if name != "table" {
            continue;
        }
        let mut inside = Vec::new();
        elements(node, &mut inside);
        assert!(
            inside
                .iter()
                .any(|(n, _, c)| n == "caption" && !text(c).trim().is_empty()),
            "a table without a caption"
        );
        for (n, a, _) in &inside {
            if n == "th" {
                assert!(attr(a, "scope").is_some(), "<th> without a scope");
            }
        }
    }
}

#[test]
fn the_example_report_is_accessible_and_parses_cleanly() {
    check(&report(EXAMPLE));
}

#[test]
fn every_valid_fixture_report_parses_cleanly() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid");
    for e in std::fs::read_dir(dir).expect("fixtures") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "toml") {
            let html = report(&p.display().to_string());
            let dom = parse(&html);
            assert!(
                dom.errors.borrow().is_empty(),
                "{}: {:?}",
                p.display(),
                dom.errors.borrow()
            );
            let mut all = Vec::new();
            elements(&dom.document, &mut all);
            assert_eq!(all.iter().filter(|(n, _, _)| n == "main").count(), 1);
        }
    }
}

#[test]
fn the_parser_check_catches_broken_markup() {
    let dom = parse("<!DOCTYPE html><html><body><p>a</span></p></body></html>");
    assert!(!dom.errors.borrow().is_empty());
}
