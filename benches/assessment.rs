//! Budgets of the foundation issue:
//! - 1,000 fully answered items: load + findings + JSON report within 1.5×
//!   of parsing the same file with `toml` alone (compare `parse_toml_only`
//!   with `load_findings_json`); saving one changed field under 16 ms.
//! - 10,000 items: the same costs grow linearly (at most 12× the 1,000
//!   figures).
//! - The real catalog: `gapwalk report assessments/example.toml` within
//!   1.5× of `gapwalk --version` (process start dominates).
//!
//! Run with `cargo bench --bench assessment`.

/// The allocator of the `gapwalk` binary (src/main.rs), so that the
/// figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::process::Command;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gapwalk::assessment::{load_assessment, parse_model};
use gapwalk::report::{GapReport, report_json};

mod common;
use common::synthetic;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
}

fn load_and_report(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    for n in [1_000, 10_000] {
        let (catalog, text) = synthetic(n);
        group.bench_with_input(BenchmarkId::new("parse_toml_only", n), &text, |b, text| {
            b.iter(|| black_box(text.parse::<toml::Table>().expect("toml")))
        });
        group.bench_with_input(
            BenchmarkId::new("load_findings_json", n),
            &text,
            |b, text| {
                b.iter(|| {
                    let a = parse_model(text, &catalog).expect("valid");
                    black_box(report_json(&GapReport::new(&catalog, &a, as_of())))
                })
            },
        );
    }
    group.finish();
}

fn save_one_field(c: &mut Criterion) {
    let mut group = c.benchmark_group("save_one_field");
    group.sample_size(20);
    for n in [1_000, 10_000] {
        let (catalog, text) = synthetic(n);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bench.toml");
        std::fs::write(&path, &text).expect("write");
        let (mut file, mut a) = load_assessment(&path, &catalog).expect("load");
        let id = catalog.items()[n / 2].id.clone();
        let mut flip = false;
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                flip = !flip;
                a.item_mut(&id).owner = Some(if flip { "Alice" } else { "Bob" }.to_string());
                black_box(file.save(&a, &catalog).expect("save"))
            })
        });
    }
    group.finish();
}

fn process_start(c: &mut Criterion) {
    let exe = env!("CARGO_BIN_EXE_gapwalk");
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/assessments/example.toml");
    let mut group = c.benchmark_group("process");
    group.sample_size(20);
    group.bench_function("version", |b| {
        b.iter(|| Command::new(exe).arg("--version").output().expect("run"))
    });
    group.bench_function("report_example", |b| {
        b.iter(|| {
            Command::new(exe)
                .args(["report", example, "--as-of", "2026-11-28"])
                .output()
                .expect("run")
        })
    });
    group.finish();
}

criterion_group!(benches, load_and_report, save_one_field, process_start);
criterion_main!(benches);
