use std::process::ExitCode;

use super::CatalogFormat;
use crate::catalog::Catalog;
use crate::report::{catalog_json, catalog_text, catalog_toml};

pub fn run(format: CatalogFormat) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::builtin();
    let out = match format {
        CatalogFormat::Text => catalog_text(catalog),
        CatalogFormat::Json => catalog_json(catalog),
        CatalogFormat::Toml => catalog_toml(catalog),
    };
    super::print(&out)?;
    Ok(ExitCode::SUCCESS)
}
