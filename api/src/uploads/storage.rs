//! Where uploaded files live: a folder on local disk by default, or an S3-compatible bucket
//! when `S3_BUCKET` is set. Files are content-addressed and never change, so writing one
//! twice is harmless and a stored name can be cached forever.

use std::{path::PathBuf, sync::Arc, time::Duration};

use anyhow::Context;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle, actions};

use crate::config::{S3Settings, UploadSettings};

/// How long a signed S3 request stays valid; each is used at once.
const SIGNED_FOR: Duration = Duration::from_secs(300);

#[derive(Clone)]
pub enum Storage {
    Local { root: PathBuf },
    S3(Arc<S3Store>),
}

pub struct S3Store {
    bucket: Bucket,
    credentials: Credentials,
    http: reqwest::Client,
}

/// A stored file as it is read back: its length, if known, and its bytes as they arrive.
pub struct Fetched {
    pub length: Option<u64>,
    pub body: std::pin::Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send>>,
}

impl Storage {
    pub fn from_settings(settings: &UploadSettings, http: reqwest::Client) -> anyhow::Result<Self> {
        match &settings.s3 {
            None => Ok(Self::Local { root: settings.dir.clone() }),
            Some(s3) => Ok(Self::S3(Arc::new(S3Store::new(s3, http)?))),
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Local { .. } => "local",
            Self::S3(_) => "s3",
        }
    }

    /// Stores `bytes` under `key` (a no-op on local disk when it is already there).
    pub async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> anyhow::Result<()> {
        match self {
            Self::Local { root } => {
                let path = root.join(key);
                if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                    return Ok(());
                }
                tokio::fs::create_dir_all(root).await.with_context(|| format!("UPLOADS_DIR: cannot create {}", root.display()))?;
                // Written beside, then renamed: a reader never sees half a file.
                let partial = root.join(format!(".{key}.{}", uuid::Uuid::new_v4()));
                tokio::fs::write(&partial, &bytes).await.with_context(|| format!("cannot write {}", partial.display()))?;
                tokio::fs::rename(&partial, &path).await.with_context(|| format!("cannot move {} into place", path.display()))?;
                Ok(())
            }
            Self::S3(s3) => s3.put(key, bytes, content_type).await,
        }
    }

    /// Reads a stored file; `None` when there is none by that name.
    pub async fn get(&self, key: &str) -> anyhow::Result<Option<Fetched>> {
        match self {
            Self::Local { root } => {
                let file = match tokio::fs::File::open(root.join(key)).await {
                    Ok(f) => f,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                    Err(e) => return Err(e.into()),
                };
                let length = file.metadata().await.ok().map(|m| m.len());
                let body = tokio_util::io::ReaderStream::new(file);
                Ok(Some(Fetched { length, body: Box::pin(body) }))
            }
            Self::S3(s3) => s3.get(key).await,
        }
    }

    /// Removes a stored file (a no-op when it is not there).
    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self {
            Self::Local { root } => match tokio::fs::remove_file(root.join(key)).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
                _ => Ok(()),
            },
            Self::S3(s3) => s3.delete(key).await,
        }
    }

    /// Reads a whole stored file into memory (for jobs that parse it).
    pub async fn read(&self, key: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let Some(mut fetched) = self.get(key).await? else { return Ok(None) };
        let mut out = Vec::with_capacity(fetched.length.unwrap_or(0) as usize);
        while let Some(chunk) = fetched.body.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(Some(out))
    }
}

impl S3Store {
    fn new(s3: &S3Settings, http: reqwest::Client) -> anyhow::Result<Self> {
        let endpoint = s3.endpoint.parse().with_context(|| format!("S3_ENDPOINT: {:?} is not a URL", s3.endpoint))?;
        let style = if s3.path_style { UrlStyle::Path } else { UrlStyle::VirtualHost };
        let bucket = Bucket::new(endpoint, style, s3.bucket.clone(), s3.region.clone()).context("S3_ENDPOINT: needs an http:// or https:// URL with a host")?;
        let credentials = Credentials::new(s3.access_key_id.clone(), secrecy::ExposeSecret::expose_secret(&s3.secret_access_key).to_string());
        Ok(Self { bucket, credentials, http })
    }

    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> anyhow::Result<()> {
        let url = actions::PutObject::new(&self.bucket, Some(&self.credentials), key).sign(SIGNED_FOR);
        let res = self
            .http
            .put(url)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .header(reqwest::header::CACHE_CONTROL, super::IMMUTABLE)
            .body(bytes)
            .send()
            .await
            .context("S3: cannot reach the bucket")?;
        let status = res.status();
        if !status.is_success() {
            anyhow::bail!("S3: storing {key} answered {status}: {}", res.text().await.unwrap_or_default());
        }
        Ok(())
    }

    async fn get(&self, key: &str) -> anyhow::Result<Option<Fetched>> {
        let url = actions::GetObject::new(&self.bucket, Some(&self.credentials), key).sign(SIGNED_FOR);
        let res = self.http.get(url).send().await.context("S3: cannot reach the bucket")?;
        match res.status() {
            reqwest::StatusCode::NOT_FOUND => Ok(None),
            s if s.is_success() => {
                let length = res.content_length();
                let body = res.bytes_stream().map(|chunk| chunk.map_err(std::io::Error::other));
                Ok(Some(Fetched { length, body: Box::pin(body) }))
            }
            s => anyhow::bail!("S3: reading {key} answered {s}"),
        }
    }

    async fn delete(&self, key: &str) -> anyhow::Result<()> {
        let url = actions::DeleteObject::new(&self.bucket, Some(&self.credentials), key).sign(SIGNED_FOR);
        let res = self.http.delete(url).send().await.context("S3: cannot reach the bucket")?;
        if !res.status().is_success() && res.status() != reqwest::StatusCode::NOT_FOUND {
            anyhow::bail!("S3: deleting {key} answered {}", res.status());
        }
        Ok(())
    }

    /// Creates the bucket (for tests and first runs against a fresh server).
    pub async fn create_bucket(&self) -> anyhow::Result<()> {
        let url = actions::CreateBucket::new(&self.bucket, &self.credentials).sign(SIGNED_FOR);
        let res = self.http.put(url).send().await.context("S3: cannot reach the server")?;
        if !res.status().is_success() && res.status() != reqwest::StatusCode::CONFLICT {
            anyhow::bail!("S3: creating the bucket answered {}", res.status());
        }
        Ok(())
    }
}
