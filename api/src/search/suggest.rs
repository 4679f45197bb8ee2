//! "Did you mean": trigram similarity as pg_trgm computes it (each word padded with two
//! spaces before and one after), so both backends suggest the same word for the same typo.

use std::collections::HashSet;

/// pg_trgm's default `similarity_threshold`.
pub const THRESHOLD: f64 = 0.3;

pub fn trigrams(word: &str) -> HashSet<[char; 3]> {
    let padded: Vec<char> = "  ".chars().chain(word.to_lowercase().chars()).chain(" ".chars()).collect();
    padded.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

/// Shared trigrams over all trigrams of the two words (0 to 1).
pub fn similarity_of(a: &HashSet<[char; 3]>, word: &str) -> f64 {
    let b = trigrams(word);
    let shared = a.intersection(&b).count();
    let all = a.len() + b.len() - shared;
    if all == 0 { 0.0 } else { shared as f64 / all as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_pg_trgm() {
        // PostgreSQL 15: similarity('python', 'pyhton') = 0.27272728, similarity('postgres', 'postgers') = 0.3846154
        assert!((similarity_of(&trigrams("python"), "pyhton") - 3.0 / 11.0).abs() < 1e-9);
        assert!((similarity_of(&trigrams("postgres"), "postgers") - 5.0 / 13.0).abs() < 1e-9);
        assert_eq!(similarity_of(&trigrams("rust"), "rust"), 1.0);
    }
}
