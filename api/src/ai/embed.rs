//! Text embeddings: the [`Embedder`] trait, the built-in model and an OpenAI-compatible
//! provider behind it, and the similarity of two vectors.

use futures_util::future::BoxFuture;

pub mod builtin;
pub mod provider;

pub use builtin::{BuiltinEmbedder, default_model_dir};
pub use provider::ProviderEmbedder;

/// Something that turns texts into vectors; shared as `Arc<dyn Embedder>`.
pub trait Embedder: Send + Sync {
    /// Stable id of the model that makes the vectors, stored with each chunk
    /// ("builtin:all-MiniLM-L6-v2", "openai:<EMBEDDING_MODEL>"). Vectors of different ids
    /// can't be compared.
    fn model_id(&self) -> &str;

    /// Embeds texts; vectors come back L2-normalised, one per text, in order.
    fn embed<'a>(&'a self, texts: Vec<String>) -> BoxFuture<'a, Result<Vec<Vec<f32>>, EmbedError>>;
}

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The built-in model's files are not on disk; the message says how to fetch them.
    #[error("embedding model missing: {0}")]
    ModelMissing(String),
    /// The embedding provider failed or answered something unusable.
    #[error("embedding provider failed: {0}")]
    Provider(String),
    #[error("embedding failed")]
    Internal(#[source] anyhow::Error),
}

impl From<anyhow::Error> for EmbedError {
    fn from(e: anyhow::Error) -> Self {
        Self::Internal(e)
    }
}

/// Cosine similarity of two L2-normalised vectors (their dot product): 1 for the same
/// direction, around 0 for unrelated texts. Vectors of different lengths (different models)
/// are not comparable and score 0.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Scales a vector to unit length in place; a zero vector stays zero.
pub fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_normalised_vectors() {
        let mut a = vec![3.0, 4.0];
        normalize(&mut a);
        assert!((a[0] - 0.6).abs() < 1e-6 && (a[1] - 0.8).abs() < 1e-6);
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 1.0]).abs() < 1e-6);
        assert_eq!(cosine(&[1.0], &[1.0, 0.0]), 0.0);
        let mut zero = vec![0.0; 3];
        normalize(&mut zero);
        assert_eq!(zero, vec![0.0; 3]);
    }

    #[test]
    fn the_trait_is_dyn_compatible() {
        fn takes(_: Option<std::sync::Arc<dyn Embedder>>) {}
        takes(None);
    }
}
