//! Budgets of the workshop issue:
//! - one keystroke that changes an answer (update + save + draw at 160×48)
//!   under 5 ms with the real catalog, under 16 ms with 1,000 items;
//! - start to first frame under 50 ms;
//! - fuzzy jump over 1,000 items under 5 ms per typed character.
//!
//! (A keystroke that only moves never writes: a unit test holds that.)
//!
//! Run with `cargo bench --bench workshop`.

/// The allocator of the `gapwalk` binary (src/main.rs), so that the
/// figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gapwalk::assessment::load_assessment;
use gapwalk::catalog::Catalog;
use gapwalk::tui::app::App;
use gapwalk::tui::effect::Effect;
use gapwalk::tui::msg::{Command, Msg};
use gapwalk::tui::update::update;
use gapwalk::tui::view::{ViewState, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod common;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
}

/// The real catalog with the example, or a synthetic one of `n` items.
fn setup(n: Option<usize>) -> (&'static Catalog, tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.toml");
    let catalog: &'static Catalog = match n {
        None => {
            std::fs::copy(
                concat!(env!("CARGO_MANIFEST_DIR"), "/assessments/example.toml"),
                &path,
            )
            .expect("copy");
            Catalog::builtin()
        }
        Some(n) => {
            let (catalog, text) = common::synthetic(n);
            std::fs::write(&path, text).expect("write");
            Box::leak(Box::new(catalog))
        }
    };
    (catalog, dir, path)
}

fn keystroke(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke_answer_save_draw_160x48");
    for (name, n) in [("real_catalog", None), ("synthetic_1000", Some(1_000))] {
        let (catalog, _dir, path) = setup(n);
        let (mut file, assessment) = load_assessment(&path, catalog).expect("load");
        let mut app = App::new(catalog, assessment, "bench.toml", today());
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
        let mut view = ViewState::default();
        let mut flip = false;
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                flip = !flip;
                let command = if flip {
                    Command::AnswerShared
                } else {
                    Command::AnswerWeManage
                };
                for effect in update(&mut app, Msg::Run(command)) {
                    if effect == Effect::Persist {
                        file.save(&app.assessment, catalog).expect("save");
                    }
                }
                terminal.draw(|f| render(&app, f, &mut view)).expect("draw");
            })
        });
    }
    group.finish();
}

fn first_frame(c: &mut Criterion) {
    let (catalog, _dir, path) = setup(None);
    c.bench_function("start_to_first_frame", |b| {
        b.iter(|| {
            let (_file, assessment) = load_assessment(&path, catalog).expect("load");
            let app = App::new(catalog, assessment, "bench.toml", today());
            let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
            let mut view = ViewState::default();
            terminal.draw(|f| render(&app, f, &mut view)).expect("draw");
            black_box(terminal);
        })
    });
}

fn jump(c: &mut Criterion) {
    let (catalog, _dir, path) = setup(Some(1_000));
    let (_file, assessment) = load_assessment(&path, catalog).expect("load");
    let mut app = App::new(catalog, assessment, "bench.toml", today());
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    c.bench_function("jump_per_character_1000_items", |b| {
        b.iter(|| {
            update(&mut app, Msg::Run(Command::Jump));
            for ch in "owner 5".chars() {
                update(&mut app, key(KeyCode::Char(ch)));
            }
            update(&mut app, key(KeyCode::Esc));
        })
    });
}

criterion_group!(benches, keystroke, first_frame, jump);
criterion_main!(benches);
