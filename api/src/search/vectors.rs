//! The in-process vector index: every embedded chunk of the current model, loaded from the
//! database at start and refreshed per post when its chunks change. A query scans int8 codes
//! of all vectors, then reranks the best candidates exactly in f32 — a flat index that needs
//! no training, never goes stale, and answers in a few milliseconds at 100k chunks.

use std::{
    cmp::Ordering,
    collections::{BinaryHeap, HashMap},
    sync::{Arc, RwLock},
};

use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use super::sql::Sql;

/// Candidates kept from the int8 scan for the exact rerank.
const RERANK: usize = 50;

#[derive(Default)]
struct PostVectors {
    chunk_ids: Vec<i64>,
    paywalled: Vec<bool>,
    scales: Vec<f32>,
    codes: Vec<i8>,
    full: Vec<f32>,
}

#[derive(Default)]
struct Inner {
    model: String,
    dims: usize,
    posts: HashMap<Uuid, PostVectors>,
    chunks: usize,
}

/// A chunk near the query: its cosine similarity (vectors are unit length).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    pub chunk_id: i64,
    pub post_id: Uuid,
    pub score: f32,
}

#[derive(Clone, Default)]
pub struct VectorIndex {
    inner: Arc<RwLock<Inner>>,
}

/// Encodes a vector as little-endian f32 bytes (how the database stores it).
pub fn to_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub fn from_bytes(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

fn quantize(v: &[f32]) -> (f32, Vec<i8>) {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    if max == 0.0 {
        return (0.0, vec![0; v.len()]);
    }
    let scale = max / 127.0;
    (scale, v.iter().map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8).collect())
}

/// Written as 32 independent lanes so the compiler vectorises it (twice as fast as a plain
/// zip-and-sum here); the scan over every chunk is this loop.
fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    let mut lanes = [0i32; 32];
    let (mut xs, mut ys) = (a.chunks_exact(32), b.chunks_exact(32));
    for (x, y) in (&mut xs).zip(&mut ys) {
        for ((lane, x), y) in lanes.iter_mut().zip(x).zip(y) {
            *lane += i32::from(*x) * i32::from(*y);
        }
    }
    let rest: i32 = xs.remainder().iter().zip(ys.remainder()).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
    lanes.iter().sum::<i32>() + rest
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[derive(PartialEq)]
struct Candidate(f32, Uuid, usize);
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate {
    // Reversed: the heap's top is the worst candidate kept, the one to replace.
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0)
    }
}

impl Inner {
    fn put(&mut self, post_id: Uuid, rows: Vec<(i64, bool, Vec<f32>)>) {
        if let Some(old) = self.posts.remove(&post_id) {
            self.chunks -= old.chunk_ids.len();
        }
        let mut pv = PostVectors::default();
        for (chunk_id, paywalled, v) in rows {
            if self.dims == 0 {
                self.dims = v.len();
            }
            if v.len() != self.dims {
                tracing::warn!(chunk_id, "vector of another dimension skipped");
                continue;
            }
            let (scale, codes) = quantize(&v);
            pv.chunk_ids.push(chunk_id);
            pv.paywalled.push(paywalled);
            pv.scales.push(scale);
            pv.codes.extend(codes);
            pv.full.extend(v);
        }
        if !pv.chunk_ids.is_empty() {
            self.chunks += pv.chunk_ids.len();
            self.posts.insert(post_id, pv);
        }
    }

    fn nearest(&self, query: &[f32], k: usize, paywalled: bool, keep: &dyn Fn(Uuid) -> bool) -> Vec<Neighbour> {
        if self.dims == 0 || query.len() != self.dims || k == 0 {
            return Vec::new();
        }
        let (qscale, qcodes) = quantize(query);
        let keep_n = k.max(RERANK);
        let mut heap: BinaryHeap<Candidate> = BinaryHeap::with_capacity(keep_n + 1);
        let d = self.dims;
        for (post_id, pv) in &self.posts {
            if !keep(*post_id) {
                continue;
            }
            for i in 0..pv.chunk_ids.len() {
                if pv.paywalled[i] && !paywalled {
                    continue;
                }
                let approx = dot_i8(&qcodes, &pv.codes[i * d..(i + 1) * d]) as f32 * qscale * pv.scales[i];
                if heap.len() < keep_n {
                    heap.push(Candidate(approx, *post_id, i));
                } else if heap.peek().is_some_and(|worst| approx > worst.0) {
                    heap.pop();
                    heap.push(Candidate(approx, *post_id, i));
                }
            }
        }
        let mut exact: Vec<Neighbour> = heap
            .into_iter()
            .filter_map(|Candidate(_, post_id, i)| {
                let pv = self.posts.get(&post_id)?;
                Some(Neighbour { chunk_id: pv.chunk_ids[i], post_id, score: dot(query, &pv.full[i * d..(i + 1) * d]) })
            })
            .collect();
        exact.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.chunk_id.cmp(&b.chunk_id)));
        exact.truncate(k);
        exact
    }
}

impl VectorIndex {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The model the loaded vectors belong to, and how many chunks are loaded.
    pub fn status(&self) -> (String, usize) {
        let inner = self.read();
        (inner.model.clone(), inner.chunks)
    }

    /// Replaces the whole index with the vectors `model` made.
    pub async fn load<C: ConnectionTrait>(&self, db: &C, model: &str) -> Result<usize, DbErr> {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push("SELECT id, post_id, behind_paywall, embedding FROM post_chunks WHERE embedding IS NOT NULL AND embedding_model = ").bind(model.to_string()).push(" ORDER BY post_id, position");
        let rows = db.query_all_raw(sql.build()).await?;
        let mut by_post: HashMap<Uuid, Vec<(i64, bool, Vec<f32>)>> = HashMap::new();
        for r in rows {
            let post_id: Uuid = r.try_get("", "post_id")?;
            let bytes: Vec<u8> = r.try_get("", "embedding")?;
            by_post.entry(post_id).or_default().push((r.try_get("", "id")?, r.try_get("", "behind_paywall")?, from_bytes(&bytes)));
        }
        let mut fresh = Inner { model: model.to_string(), ..Inner::default() };
        for (post_id, rows) in by_post {
            fresh.put(post_id, rows);
        }
        let n = fresh.chunks;
        *self.write() = fresh;
        Ok(n)
    }

    /// Reloads one post's vectors (after its chunks were embedded, changed or deleted).
    pub async fn refresh_post<C: ConnectionTrait>(&self, db: &C, post_id: Uuid) -> Result<(), DbErr> {
        let model = self.read().model.clone();
        let mut sql = Sql::new(db.get_database_backend());
        sql.push("SELECT id, behind_paywall, embedding FROM post_chunks WHERE embedding IS NOT NULL AND post_id = ")
            .bind(post_id)
            .push(" AND embedding_model = ")
            .bind(model)
            .push(" ORDER BY position");
        let rows = db.query_all_raw(sql.build()).await?;
        let rows: Vec<(i64, bool, Vec<f32>)> = rows
            .iter()
            .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "behind_paywall")?, from_bytes(&r.try_get::<Vec<u8>>("", "embedding")?))))
            .collect::<Result<_, DbErr>>()?;
        self.write().put(post_id, rows);
        Ok(())
    }

    /// A post's vectors, without those behind the paywall unless `paywalled`.
    pub fn post_vectors(&self, post_id: Uuid, paywalled: bool) -> Vec<Vec<f32>> {
        let inner = self.read();
        let Some(pv) = inner.posts.get(&post_id) else { return Vec::new() };
        (0..pv.chunk_ids.len()).filter(|i| paywalled || !pv.paywalled[*i]).map(|i| pv.full[i * inner.dims..(i + 1) * inner.dims].to_vec()).collect()
    }

    /// Adds vectors directly (benchmarks and tests).
    pub fn insert(&self, post_id: Uuid, rows: Vec<(i64, bool, Vec<f32>)>) {
        self.write().put(post_id, rows);
    }

    /// The `k` chunks nearest `query`, of posts `keep` accepts; behind-the-paywall chunks
    /// only with `paywalled`. CPU-bound: callers on the async runtime use [`Self::search`].
    pub fn nearest(&self, query: &[f32], k: usize, paywalled: bool, keep: &dyn Fn(Uuid) -> bool) -> Vec<Neighbour> {
        self.read().nearest(query, k, paywalled, keep)
    }

    /// [`Self::nearest`] off the async runtime.
    pub async fn search(&self, query: Vec<f32>, k: usize, paywalled: bool) -> Vec<Neighbour> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.nearest(&query, k, paywalled, &|_| true)).await.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: Vec<f32>) -> Vec<f32> {
        let n = dot(&v, &v).sqrt();
        v.into_iter().map(|x| x / n).collect()
    }

    #[test]
    fn finds_the_nearest_and_respects_the_paywall() {
        let index = VectorIndex::default();
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        index.insert(a, vec![(1, false, unit(vec![1.0, 0.0, 0.0])), (2, false, unit(vec![0.0, 1.0, 0.0]))]);
        index.insert(b, vec![(3, true, unit(vec![0.9, 0.1, 0.0]))]);
        let q = unit(vec![1.0, 0.05, 0.0]);
        let all = index.nearest(&q, 2, true, &|_| true);
        assert_eq!(all.iter().map(|n| n.chunk_id).collect::<Vec<_>>(), vec![1, 3]);
        let free = index.nearest(&q, 2, false, &|_| true);
        assert_eq!(free.iter().map(|n| n.chunk_id).collect::<Vec<_>>(), vec![1, 2]);
        assert!((all[0].score - dot(&q, &unit(vec![1.0, 0.0, 0.0]))).abs() < 1e-6);
    }

    #[test]
    fn replacing_a_post_replaces_its_vectors() {
        let index = VectorIndex::default();
        let a = Uuid::now_v7();
        index.insert(a, vec![(1, false, unit(vec![1.0, 0.0])), (2, false, unit(vec![0.0, 1.0]))]);
        index.insert(a, vec![(5, false, unit(vec![1.0, 1.0]))]);
        assert_eq!(index.status().1, 1);
        index.insert(a, vec![]);
        assert_eq!(index.status().1, 0);
    }

    #[test]
    fn bytes_round_trip() {
        let v = vec![0.25f32, -1.5, 3.0];
        assert_eq!(from_bytes(&to_bytes(&v)), v);
    }
}
