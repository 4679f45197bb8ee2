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

use crate::sql::Sql;

/// Candidates kept from the int8 scan for the exact rerank.
const RERANK: usize = 50;

/// Every chunk is one row of flat arrays, so the scan walks memory in order. Replacing a
/// post's vectors marks its old rows dead and appends the new ones; dead rows are compacted
/// away once they outnumber the live ones, so a burst of re-embeds costs no copying per post.
#[derive(Default)]
struct Inner {
    model: String,
    dims: usize,
    chunk_ids: Vec<i64>,
    post_ids: Vec<Uuid>,
    live: Vec<bool>,
    paywalled: Vec<bool>,
    scales: Vec<f32>,
    /// `dims` int8 codes per row.
    codes: Vec<i8>,
    /// `dims` f32 components per row, for the rerank and for [`VectorIndex::post_vectors`].
    full: Vec<f32>,
    rows_of: HashMap<Uuid, Vec<usize>>,
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

/// Written as 32 independent lanes so the compiler vectorises it; the scan over every chunk
/// is this loop.
#[inline(always)]
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
struct Candidate(f32, usize);
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

/// What one scan is looking for.
struct Scan<'a> {
    qcodes: &'a [i8],
    qscale: f32,
    keep_n: usize,
    paywalled: bool,
    keep: &'a dyn Fn(Uuid) -> bool,
}

impl Inner {
    fn put(&mut self, post_id: Uuid, rows: Vec<(i64, bool, Vec<f32>)>) {
        if let Some(old) = self.rows_of.remove(&post_id) {
            self.chunks -= old.len();
            for row in old {
                self.live[row] = false;
            }
        }
        let mut mine = Vec::with_capacity(rows.len());
        for (chunk_id, paywalled, v) in rows {
            if self.dims == 0 {
                self.dims = v.len();
            }
            if v.len() != self.dims {
                tracing::warn!(chunk_id, "vector of another dimension skipped");
                continue;
            }
            let (scale, codes) = quantize(&v);
            mine.push(self.chunk_ids.len());
            self.chunk_ids.push(chunk_id);
            self.post_ids.push(post_id);
            self.live.push(true);
            self.paywalled.push(paywalled);
            self.scales.push(scale);
            self.codes.extend(codes);
            self.full.extend(v);
        }
        if !mine.is_empty() {
            self.chunks += mine.len();
            self.rows_of.insert(post_id, mine);
        }
        let dead = self.chunk_ids.len() - self.chunks;
        if dead > 1024 && dead > self.chunks {
            self.compact();
        }
    }

    /// Drops the dead rows, keeping the live ones in order.
    fn compact(&mut self) {
        let d = self.dims;
        let mut fresh = Inner { model: std::mem::take(&mut self.model), dims: d, ..Inner::default() };
        for row in (0..self.chunk_ids.len()).filter(|r| self.live[*r]) {
            fresh.rows_of.entry(self.post_ids[row]).or_default().push(fresh.chunk_ids.len());
            fresh.chunk_ids.push(self.chunk_ids[row]);
            fresh.post_ids.push(self.post_ids[row]);
            fresh.live.push(true);
            fresh.paywalled.push(self.paywalled[row]);
            fresh.scales.push(self.scales[row]);
            fresh.codes.extend_from_slice(&self.codes[row * d..(row + 1) * d]);
            fresh.full.extend_from_slice(&self.full[row * d..(row + 1) * d]);
        }
        fresh.chunks = fresh.chunk_ids.len();
        *self = fresh;
    }

    fn nearest(&self, query: &[f32], k: usize, paywalled: bool, keep: &dyn Fn(Uuid) -> bool) -> Vec<Neighbour> {
        if self.dims == 0 || query.len() != self.dims || k == 0 {
            return Vec::new();
        }
        let (qscale, qcodes) = quantize(query);
        let scan = Scan { qcodes: &qcodes, qscale, keep_n: k.max(RERANK), paywalled, keep };
        let heap = self.scan_fastest(&scan);
        let d = self.dims;
        let mut exact: Vec<Neighbour> = heap
            .into_iter()
            .map(|Candidate(_, row)| Neighbour {
                chunk_id: self.chunk_ids[row],
                post_id: self.post_ids[row],
                score: dot(query, &self.full[row * d..(row + 1) * d]),
            })
            .collect();
        exact.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.chunk_id.cmp(&b.chunk_id)));
        exact.truncate(k);
        exact
    }

    /// The scan compiled for AVX2 when the CPU has it (a few times faster than the baseline
    /// x86-64 build), and the portable one otherwise.
    fn scan_fastest(&self, scan: &Scan) -> BinaryHeap<Candidate> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            return unsafe { self.scan_avx2(scan) };
        }
        self.scan(scan)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn scan_avx2(&self, scan: &Scan) -> BinaryHeap<Candidate> {
        self.scan(scan)
    }

    /// The `keep_n` rows with the best int8 scores. `keep` is asked only about rows good
    /// enough to enter the heap, so an unfiltered search hardly calls it.
    #[inline(always)]
    fn scan(&self, scan: &Scan) -> BinaryHeap<Candidate> {
        let d = self.dims;
        let mut heap: BinaryHeap<Candidate> = BinaryHeap::with_capacity(scan.keep_n + 1);
        for (row, codes) in self.codes.chunks_exact(d).enumerate() {
            if !self.live[row] || (self.paywalled[row] && !scan.paywalled) {
                continue;
            }
            let approx = dot_i8(scan.qcodes, codes) as f32 * scan.qscale * self.scales[row];
            let full = heap.len() >= scan.keep_n;
            if full && heap.peek().is_some_and(|worst| approx <= worst.0) {
                continue;
            }
            if !(scan.keep)(self.post_ids[row]) {
                continue;
            }
            if full {
                heap.pop();
            }
            heap.push(Candidate(approx, row));
        }
        heap
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
        let Some(rows) = inner.rows_of.get(&post_id) else { return Vec::new() };
        let d = inner.dims;
        rows.iter().filter(|r| paywalled || !inner.paywalled[**r]).map(|r| inner.full[r * d..(r + 1) * d].to_vec()).collect()
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
    fn replaced_rows_are_compacted_away() {
        let index = VectorIndex::default();
        let posts: Vec<Uuid> = (0..10).map(|_| Uuid::now_v7()).collect();
        for round in 0..300i64 {
            for (i, post) in posts.iter().enumerate() {
                index.insert(*post, vec![(round * 100 + i as i64, i == 3, unit(vec![i as f32 + 1.0, 1.0]))]);
            }
        }
        assert_eq!(index.status().1, 10);
        assert!(index.read().chunk_ids.len() < 1100, "dead rows were never compacted");
        let found = index.nearest(&unit(vec![10.0, 1.0]), 10, false, &|_| true);
        assert_eq!(found.len(), 9, "the paywalled post's row is left out");
        assert_eq!(found[0].chunk_id, 29_900 + 9);
        assert!(found.iter().all(|n| n.chunk_id >= 29_900));
        assert_eq!(index.post_vectors(posts[3], true).len(), 1);
    }

    #[test]
    fn bytes_round_trip() {
        let v = vec![0.25f32, -1.5, 3.0];
        assert_eq!(from_bytes(&to_bytes(&v)), v);
    }
}
