//! What an uploaded file really is, read from its bytes; the name it came with must agree.
//! A script renamed `photo.png` has no PNG signature and is refused, and so is anything
//! that is not one of the kinds Lectern serves (no HTML or SVG: both can carry script).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The kinds of file Lectern accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UploadKind {
    Image,
    Pdf,
    Csv,
    Json,
    Parquet,
}

impl UploadKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Pdf => "pdf",
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Parquet => "parquet",
        }
    }

    pub fn from_db(s: &str) -> Self {
        match s {
            "pdf" => Self::Pdf,
            "csv" => Self::Csv,
            "json" => Self::Json,
            "parquet" => Self::Parquet,
            _ => Self::Image,
        }
    }

    /// The largest file of this kind, in bytes.
    pub fn max_bytes(self) -> usize {
        const MIB: usize = 1024 * 1024;
        match self {
            Self::Image => 10 * MIB,
            Self::Pdf | Self::Parquet => 32 * MIB,
            Self::Csv | Self::Json => 16 * MIB,
        }
    }
}

/// A file's kind with the media type and extension it is stored and served under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub kind: UploadKind,
    pub content_type: &'static str,
    pub extension: &'static str,
}

const PNG: Sniffed = Sniffed { kind: UploadKind::Image, content_type: "image/png", extension: "png" };
const JPEG: Sniffed = Sniffed { kind: UploadKind::Image, content_type: "image/jpeg", extension: "jpg" };
const GIF: Sniffed = Sniffed { kind: UploadKind::Image, content_type: "image/gif", extension: "gif" };
const WEBP: Sniffed = Sniffed { kind: UploadKind::Image, content_type: "image/webp", extension: "webp" };
const PDF: Sniffed = Sniffed { kind: UploadKind::Pdf, content_type: "application/pdf", extension: "pdf" };
const CSV: Sniffed = Sniffed { kind: UploadKind::Csv, content_type: "text/csv; charset=utf-8", extension: "csv" };
const JSON: Sniffed = Sniffed { kind: UploadKind::Json, content_type: "application/json", extension: "json" };
const PARQUET: Sniffed = Sniffed { kind: UploadKind::Parquet, content_type: "application/vnd.apache.parquet", extension: "parquet" };

/// The kind a file name claims, from its extension; `Ok(None)` without one.
fn claimed(name: &str) -> Result<Option<UploadKind>, String> {
    let Some((_, ext)) = name.rsplit_once('.') else { return Ok(None) };
    match ext.to_ascii_lowercase().as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "webp" => Ok(Some(UploadKind::Image)),
        "pdf" => Ok(Some(UploadKind::Pdf)),
        "csv" => Ok(Some(UploadKind::Csv)),
        "json" => Ok(Some(UploadKind::Json)),
        "parquet" => Ok(Some(UploadKind::Parquet)),
        other => Err(format!(".{other} files are not accepted (images, PDFs, CSV, JSON and Parquet are)")),
    }
}

/// What the bytes are, whatever the name says.
fn detect(bytes: &[u8], claimed: Option<UploadKind>) -> Result<Sniffed, String> {
    if let Some(t) = infer::get(bytes) {
        return match t.mime_type() {
            "image/png" => Ok(PNG),
            "image/jpeg" => Ok(JPEG),
            "image/gif" => Ok(GIF),
            "image/webp" => Ok(WEBP),
            "application/pdf" => Ok(PDF),
            other => Err(format!("the content is {other}, which is not accepted")),
        };
    }
    // Parquet starts and ends with its magic number.
    if bytes.len() >= 12 && bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1") {
        return Ok(PARQUET);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "the content is binary data of no accepted kind".to_string())?;
    if text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n')) {
        return Err("the content is binary data of no accepted kind".into());
    }
    if text.trim_start().starts_with('<') {
        return Err("the content is markup (HTML, SVG or XML), which is not accepted".into());
    }
    let is_json = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
    match claimed {
        Some(UploadKind::Json) if is_json => Ok(JSON),
        Some(UploadKind::Json) => Err("the content is not valid JSON".into()),
        Some(UploadKind::Csv) if text.lines().any(|l| !l.trim().is_empty()) => Ok(CSV),
        Some(UploadKind::Csv) => Err("the CSV file is empty".into()),
        None if is_json => Ok(JSON),
        _ => Err("the content is text of no accepted kind".into()),
    }
}

/// Sniffs `bytes`, refusing a file whose content and name disagree.
pub fn sniff(bytes: &[u8], name: &str) -> Result<Sniffed, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    let claimed = claimed(name)?;
    let sniffed = detect(bytes, claimed)?;
    match claimed {
        Some(kind) if kind != sniffed.kind => Err(format!("the name says {} but the content is {}", kind.as_str(), sniffed.content_type)),
        _ => Ok(sniffed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_HEAD: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn a_script_renamed_png_is_refused() {
        assert!(sniff(b"#!/bin/sh\nrm -rf /\n", "photo.png").is_err());
        assert!(sniff(b"<script>alert(1)</script>", "photo.png").is_err());
    }

    #[test]
    fn images_and_pdfs_are_known_by_their_signature() {
        assert_eq!(sniff(PNG_HEAD, "a.png").unwrap(), PNG);
        assert_eq!(sniff(PNG_HEAD, "no-extension").unwrap(), PNG);
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "paper.pdf").unwrap().kind, UploadKind::Pdf);
        assert!(sniff(PNG_HEAD, "paper.pdf").is_err(), "a PNG named .pdf");
    }

    #[test]
    fn data_files_need_a_matching_name_and_content() {
        assert_eq!(sniff(b"a,b\n1,2\n", "data.csv").unwrap(), CSV);
        assert_eq!(sniff(b"{\"a\": [1, 2]}", "data.json").unwrap(), JSON);
        assert!(sniff(b"{\"a\": ", "data.json").is_err());
        assert_eq!(sniff(b"PAR1\x15\x04\x15\x10\x15\x14L\x15PAR1", "t.parquet").unwrap(), PARQUET);
        assert!(sniff(b"plain words", "notes.txt").is_err());
        assert!(sniff(b"<svg onload=alert(1)>", "data.csv").is_err());
        assert!(sniff(b"\x7fELF\x02\x01\x01", "tool.csv").is_err());
    }
}
