//! Retrieval quality on the demo posts: reader questions labelled with the post that answers
//! them, recall@3 reported for keyword, semantic and hybrid search, and hybrid held to a floor.
//! Some questions are paraphrases that share no word with their post, so only meaning can find
//! them; a check below keeps them honest when the posts or the questions change.

use std::{
    collections::{HashMap, HashSet},
    time::Instant,
};

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, Session, TestApp, urlencode},
    search::{embedded, with_model},
};

both_backends!(demo_questions_find_their_posts);

/// A hit counts when the answering post is among the first `RECALL_AT` results.
const RECALL_AT: usize = 3;
/// Hybrid search, the default a reader gets, must reach this recall.
const HYBRID_FLOOR: f64 = 0.85;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wording {
    /// Uses the post's own vocabulary, as most readers do.
    Shared,
    /// Shares no word with the post: checked by `paraphrases_share_no_word_with_their_post`.
    Paraphrase,
}
use Wording::{Paraphrase, Shared};

/// (the post that answers, the question, how it is worded)
const QUESTIONS: &[(&str, &str, Wording)] = &[
    ("values-and-names", "why did changing one list change the other one too in python?", Shared),
    ("values-and-names", "what is the difference between is and == in python?", Shared),
    ("values-and-names", "mutable default argument keeps its items between calls", Shared),
    ("values-and-names", "how do I clone a nested array so edits don't leak back into the original?", Paraphrase),
    ("functions-and-closures", "what does nonlocal do?", Shared),
    ("functions-and-closures", "how do decorators work in python?", Shared),
    ("functions-and-closures", "lambdas created in a loop all return the same value", Shared),
    ("python-generators", "what does yield do in python?", Shared),
    ("python-generators", "how to process a log file larger than memory", Shared),
    ("python-generators", "stream an enormous CSV without loading everything into RAM", Paraphrase),
    ("context-managers", "how does the with statement close files?", Shared),
    ("context-managers", "write my own context manager with contextlib", Shared),
    ("context-managers", "how to tidy up automatically if a program blows up midway", Paraphrase),
    ("ownership-for-pythonistas", "what is the borrow checker?", Shared),
    ("ownership-for-pythonistas", "rust error borrow of moved value", Shared),
    ("ownership-for-pythonistas", "why is my vec unusable once I hand it over to someone else?", Paraphrase),
    ("result-instead-of-exceptions", "what does the question mark operator do in rust?", Shared),
    ("result-instead-of-exceptions", "when should I panic instead of returning an error?", Shared),
    ("result-instead-of-exceptions", "is there something like throw for reporting problems?", Paraphrase),
    ("traits-vs-protocols", "static vs dynamic dispatch in rust", Shared),
    ("traits-vs-protocols", "are rust traits like python protocols?", Shared),
    ("traits-vs-protocols", "can I bolt new behaviour onto a built-in number?", Paraphrase),
    ("joins-explained", "difference between inner join and left join", Shared),
    ("joins-explained", "find customers who never placed an order", Shared),
    ("joins-explained", "why do my revenue sums double once I merge in a second relation?", Paraphrase),
    ("indexes-that-matter", "how do I read a query plan in postgres?", Shared),
    ("indexes-that-matter", "which column goes first in a composite index?", Shared),
    ("indexes-that-matter", "what speeds up fetching one shopper's purchases?", Paraphrase),
    ("keyset-pagination", "why is OFFSET slow for deep pages?", Shared),
    ("keyset-pagination", "how to encode an opaque cursor for an API", Shared),
    ("keyset-pagination", "browsing an endless feed becomes sluggish the further I go", Paraphrase),
    ("testing-with-pytest-fixtures", "what is conftest.py for?", Shared),
    ("testing-with-pytest-fixtures", "share a database connection across tests with fixture scope", Shared),
    ("testing-with-pytest-fixtures", "how to fake env vars during a unit check", Paraphrase),
    ("async-python-without-tears", "run many http requests concurrently with asyncio", Shared),
    ("async-python-without-tears", "how to add a timeout to an await", Shared),
    ("async-python-without-tears", "cap simultaneous web traffic so a remote site doesn't throttle me", Paraphrase),
];

/// A demo post as `lectern seed` reads it from `api/seed/posts/*.md`.
struct DemoPost {
    slug: String,
    front: HashMap<String, String>,
    body: String,
}

impl DemoPost {
    fn field(&self, key: &str) -> &str {
        self.front.get(key).map_or("", String::as_str)
    }

    /// Everything keyword search indexes: title, summary, tags and body.
    fn indexed_text(&self) -> String {
        format!("{}\n{}\n{}\n{}", self.field("title"), self.field("summary"), self.field("tags"), self.body)
    }
}

fn demo_posts() -> Vec<DemoPost> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/posts");
    let mut paths: Vec<_> = std::fs::read_dir(dir).expect("seed posts").map(|e| e.expect("dir entry").path()).filter(|p| p.extension().is_some_and(|x| x == "md")).collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("read seed post");
            let rest = text.strip_prefix("---\n").expect("front matter");
            let (front, body) = rest.split_once("\n---\n").expect("end of front matter");
            let front: HashMap<String, String> = front.lines().filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
            DemoPost { slug: front["slug"].clone(), front, body: body.trim_start().to_string() }
        })
        .collect()
}

/// Words common to any question, which say nothing about which post answers it.
const COMMON_WORDS: &[&str] = &[
    "about", "after", "also", "been", "before", "between", "both", "does", "each", "even", "from", "have", "here", "into", "just", "like", "more", "most", "much", "must", "only",
    "other", "over", "same", "should", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "very", "were", "what", "when", "where",
    "which", "while", "will", "with", "would", "could", "your",
];

/// The words of `text` that could carry meaning: four letters or more, lower-cased, not common.
fn content_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !COMMON_WORDS.contains(&w.as_str()))
        .collect()
}

/// Whether a stemmer could take two words for one: equal, one a prefix of the other
/// (`file`/`files`), or the same first five letters (`propagates`/`propagating`).
fn same_word(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= 5 || common == a.chars().count().min(b.chars().count())
}

#[test]
fn paraphrases_share_no_word_with_their_post() {
    let posts = demo_posts();
    let words: HashMap<&str, HashSet<String>> = posts.iter().map(|p| (p.slug.as_str(), content_words(&p.indexed_text()))).collect();
    let mut offenders = Vec::new();
    for (slug, question, wording) in QUESTIONS {
        let post = words.get(slug).unwrap_or_else(|| panic!("{question:?} names {slug}, which is no demo post"));
        if *wording == Paraphrase {
            let shared: Vec<String> = content_words(question).into_iter().filter(|q| post.iter().any(|w| same_word(q, w))).collect();
            if !shared.is_empty() {
                offenders.push(format!("{question:?} shares {shared:?} with {slug}"));
            }
        }
    }
    assert!(offenders.is_empty(), "paraphrases that are not:\n{}", offenders.join("\n"));
    let paraphrases = QUESTIONS.iter().filter(|q| q.2 == Paraphrase).count();
    assert!(QUESTIONS.len() >= 24 && paraphrases >= 6, "{} questions, {paraphrases} paraphrases", QUESTIONS.len());
    let answered: HashSet<&str> = QUESTIONS.iter().map(|q| q.0).collect();
    let unasked: Vec<&str> = posts.iter().map(|p| p.slug.as_str()).filter(|s| !answered.contains(s)).collect();
    assert!(unasked.is_empty(), "no question is answered by {unasked:?}");
}

/// Publishes the demo posts through the admin API with their front matter.
async fn publish_demo_posts(app: &TestApp, admin: &Session) {
    for post in demo_posts() {
        let days: i64 = post.field("days_ago").parse().unwrap_or(1);
        let tags: Vec<&str> = post.field("tags").split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
        app.create_post(
            admin,
            json!({
                "title": post.field("title"),
                "slug": post.slug,
                "summary": post.field("summary"),
                "tags": tags,
                "difficulty": post.field("difficulty"),
                "premium": post.field("premium") == "true",
                "markdown": post.body,
                "published_at": (Utc::now() - chrono::Duration::days(days)).to_rfc3339(),
            }),
        )
        .await;
    }
}

/// The slugs of the first `RECALL_AT` results for `question` in `mode`.
async fn top_slugs(app: &TestApp, admin: &Session, question: &str, mode: &str) -> Vec<String> {
    let res = app.get(&format!("/api/v1/search?q={}&mode={mode}&limit={RECALL_AT}", urlencode(question)), Some(&admin.access)).await;
    let status = res.status();
    let page: Value = res.json().await.expect("json");
    assert_eq!(status, StatusCode::OK, "{question:?} in {mode}: {page}");
    assert_eq!(page["mode"], mode, "{question:?}: answered in another mode");
    page["items"].as_array().expect("items").iter().map(|p| p["slug"].as_str().expect("slug").to_string()).collect()
}

async fn demo_questions_find_their_posts(backend: Backend) {
    let Some(app) = with_model(backend, "demo_questions_find_their_posts").await else { return };
    let started = Instant::now();
    // The admin reads premium posts whole, so every question can be answered from its post.
    let admin = app.admin().await;
    publish_demo_posts(&app, &admin).await;
    embedded(&app, &admin).await;
    let indexed = started.elapsed();

    let mut report = format!("\nrecall@{RECALL_AT} on {} demo questions ({backend:?}, indexed in {indexed:.1?}):\n", QUESTIONS.len());
    report.push_str(&format!("{:<9} {:>6} {:>8} {:>11}\n", "mode", "all", "shared", "paraphrase"));
    let mut misses = Vec::new();
    let mut recall = HashMap::new();
    for mode in ["keyword", "semantic", "hybrid"] {
        let (mut found, mut found_shared, mut found_paraphrase) = (0, 0, 0);
        for (slug, question, wording) in QUESTIONS {
            let top = top_slugs(&app, &admin, question, mode).await;
            if top.iter().any(|s| s == slug) {
                found += 1;
                if *wording == Shared { found_shared += 1 } else { found_paraphrase += 1 }
            } else {
                misses.push(format!("  {mode:<8} {question:?} wants {slug}, got {top:?}"));
            }
        }
        let ratio = |n: usize, of: usize| n as f64 / of as f64;
        let paraphrases = QUESTIONS.iter().filter(|q| q.2 == Paraphrase).count();
        let all = ratio(found, QUESTIONS.len());
        report.push_str(&format!(
            "{mode:<9} {all:>6.2} {:>8.2} {:>11.2}\n",
            ratio(found_shared, QUESTIONS.len() - paraphrases),
            ratio(found_paraphrase, paraphrases)
        ));
        recall.insert(mode, all);
    }
    report.push_str(&format!("misses:\n{}\n", misses.join("\n")));
    report.push_str(&format!("took {:.1?}\n", started.elapsed()));
    eprintln!("{report}");

    assert!(recall["semantic"] > 0.0, "semantic search found nothing{report}");
    assert!(recall["hybrid"] >= HYBRID_FLOOR, "hybrid recall@{RECALL_AT} {:.2} is below {HYBRID_FLOOR}{report}", recall["hybrid"]);
}
