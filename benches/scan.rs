//! The import path of a tenant scan: reading a ScubaGear result of the
//! published sample's size (1.9 MB, most of it the tenant's raw
//! configuration export), recording it in the example assessment and
//! saving, in process and as a whole `gapwalk import-scan` process, beside
//! the baseline the issue sets: `python3 -c 'import json; json.load(…)'`
//! merely parsing the same file.
//!
//! The published sample is used when the shared folder is beside the
//! repository (`../shared/outside`, or `GAPWALK_OUTSIDE`); otherwise a
//! synthetic result of the same size and shape is written.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The allocator of the `gapwalk` binary (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use gapwalk::assessment::load_assessment;
use gapwalk::catalog::{Catalog, CheckRegistry};
use gapwalk::scan::{parse_scan, record_scan, sha256_hex};

const SAMPLE: &str = "tenant-scans/scubagear/ScubaResults_fa5589b7-d528-4f80.json";

/// The published sample, or a synthetic one of its size.
fn result_bytes() -> (Vec<u8>, &'static str) {
    let base = std::env::var_os("GAPWALK_OUTSIDE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/outside"));
    match std::fs::read(base.join(SAMPLE)) {
        Ok(bytes) => (bytes, "published sample"),
        Err(_) => (synthetic(1_900_000).into_bytes(), "synthetic"),
    }
}

/// A ScubaGear result with 92 controls over six products and a raw
/// export padded to `size` bytes.
fn synthetic(size: usize) -> String {
    let products = [
        "AAD",
        "Defender",
        "EXO",
        "PowerPlatform",
        "SharePoint",
        "Teams",
    ];
    let prefixes = [
        "AAD",
        "DEFENDER",
        "EXO",
        "POWERPLATFORM",
        "SHAREPOINT",
        "TEAMS",
    ];
    let results = ["Pass", "Fail", "Warning", "N/A", "Pass", "Pass"];
    let mut out = String::from(
        "\u{feff}{\"MetaData\": {\"TenantId\": \"aaaaaaaa-0000-0000-0000-000000000001\", \"Tool\": \"ScubaGear\", \"ToolVersion\": \"1.8.0\", \"TimestampZulu\": \"2026-11-21T08:00:00.000Z\"}, \"Results\": {",
    );
    for (p, (product, prefix)) in products.iter().zip(prefixes).enumerate() {
        if p > 0 {
            out.push(',');
        }
        let _ = write!(out, "\"{product}\": [");
        for g in 1..=5 {
            if g > 1 {
                out.push(',');
            }
            let _ = write!(
                out,
                "{{\"GroupName\": \"Group {g}\", \"GroupNumber\": \"{g}\", \"Controls\": ["
            );
            for c in 1..=3 {
                if c > 1 {
                    out.push(',');
                }
                let _ = write!(
                    out,
                    "{{\"Control ID\": \"MS.{prefix}.{g}.{c}v1\", \"Requirement\": \"Requirement {g}.{c} SHALL hold.<div class='policy-indicators'><a href='https://example.org'>Automated Check</a></div>\", \"Result\": \"{}\", \"Criticality\": \"Shall\", \"Details\": \"Details of {g}.{c}\"}}",
                    results[(g + c) % results.len()]
                );
            }
            out.push_str("]}");
        }
        out.push(']');
    }
    out.push_str("}, \"Raw\": {\"policies\": [");
    let mut n = 0;
    while out.len() < size {
        if n > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"id\": \"{n:08}\", \"displayName\": \"Policy {n}\", \"state\": \"enabled\", \"conditions\": {{\"users\": {{\"include\": [\"All\"], \"exclude\": [\"{n}\"]}}, \"apps\": [\"Office365\", \"Azure\"]}}, \"grant\": [\"mfa\", \"compliantDevice\"], \"weight\": {}.5}}",
            n % 97
        );
        n += 1;
    }
    out.push_str("]}}");
    out
}

fn example_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assessments/example.toml"
    ))
    .expect("example")
}

fn import(c: &mut Criterion) {
    let (bytes, what) = result_bytes();
    eprintln!("scan import bench: {what}, {} bytes", bytes.len());
    let dir = tempfile::tempdir().expect("tempdir");
    let result = dir.path().join("ScubaResults.json");
    std::fs::write(&result, &bytes).expect("write result");
    let assessment = dir.path().join("example.toml");
    let example = example_text();
    let catalog = Catalog::builtin();
    let registry = CheckRegistry::builtin();
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");

    let mut group = c.benchmark_group("scan_import");
    group.sample_size(20);
    group.bench_function("parse", |b| {
        b.iter(|| black_box(parse_scan("ScubaResults.json", &bytes, None).expect("parse")))
    });
    group.bench_function("read_record_save", |b| {
        b.iter_batched(
            || std::fs::write(&assessment, &example).expect("reset"),
            |()| {
                let bytes = std::fs::read(&result).expect("read");
                let scan = parse_scan("ScubaResults.json", &bytes, None).expect("parse");
                let (mut file, mut a) = load_assessment(&assessment, catalog).expect("load");
                record_scan(
                    &mut a,
                    catalog,
                    registry,
                    &scan,
                    "ScubaResults.json",
                    &sha256_hex(&bytes),
                    today,
                    false,
                )
                .expect("record");
                black_box(file.save(&a, catalog).expect("save"))
            },
            BatchSize::PerIteration,
        )
    });
    let exe = env!("CARGO_BIN_EXE_gapwalk");
    group.bench_function("process_import_scan", |b| {
        b.iter_batched(
            || std::fs::write(&assessment, &example).expect("reset"),
            |()| {
                let out = Command::new(exe)
                    .arg("import-scan")
                    .arg(&assessment)
                    .arg(&result)
                    .args(["--as-of", "2026-12-03"])
                    .output()
                    .expect("run");
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            },
            BatchSize::PerIteration,
        )
    });
    let python = Command::new("python3").arg("--version").output().is_ok();
    if python {
        let script = format!(
            "import json; json.load(open({:?}, encoding='utf-8-sig'))",
            result.display().to_string()
        );
        group.bench_function("python3_json_load_baseline", |b| {
            b.iter(|| {
                let out = Command::new("python3")
                    .args(["-c", &script])
                    .output()
                    .expect("python3");
                assert!(out.status.success());
            })
        });
    } else {
        eprintln!("skipped the baseline: python3 is not installed");
    }
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
