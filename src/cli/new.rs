use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use crate::assessment::{Assessment, create_assessment};
use crate::catalog::Catalog;

pub fn run(
    path: &Path,
    organisation: &str,
    scope: Option<String>,
    licences: Vec<String>,
) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    if organisation.trim().is_empty() {
        bail!("--organisation must name the organisation assessed");
    }
    for l in &licences {
        if catalog.licence(l).is_none() {
            let known: Vec<&str> = catalog.licences().iter().map(|l| l.id.as_str()).collect();
            bail!(
                "unknown licence \"{l}\": expected one of {}",
                known.join(", ")
            );
        }
    }
    let mut a = Assessment::new(catalog.id(), organisation.trim());
    a.scope = scope.filter(|s| !s.trim().is_empty());
    a.licences = licences;
    create_assessment(path, &a, catalog)?;
    println!(
        "Created {} for {}: {} items to assess. Open it with `gapwalk {}`.",
        path.display(),
        a.organisation,
        catalog.items().len(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
