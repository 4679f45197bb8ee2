//! The rules that hold a comment for review instead of publishing it.

use chrono::{DateTime, Utc};

use crate::config::{CommentSettings, HoldPolicy};

/// What the rules know about the commenter.
pub struct History<'a> {
    pub is_admin: bool,
    pub has_published: bool,
    /// Their comments of the last day: (markdown, when).
    pub recent: &'a [(String, DateTime<Utc>)],
}

/// Links in a text: anything that starts like a web address, written as a link or bare.
pub fn count_links(markdown: &str) -> usize {
    let lower = markdown.to_ascii_lowercase();
    ["http://", "https://", "www."].iter().map(|p| lower.matches(p).count()).sum::<usize>() - lower.matches("://www.").count()
}

/// Why `markdown` should wait for a moderator, or `None` to publish it now.
pub fn hold_reason(rules: &CommentSettings, history: &History<'_>, markdown: &str, now: DateTime<Utc>) -> Option<String> {
    if history.is_admin {
        return None;
    }
    let links = count_links(markdown);
    if links > rules.max_links {
        return Some(format!("{links} links (more than {})", rules.max_links));
    }
    let text = normalize(markdown);
    if history.recent.iter().any(|(earlier, _)| normalize(earlier) == text) {
        return Some("repeats an earlier comment".into());
    }
    let window = chrono::Duration::from_std(rules.rate_window).unwrap_or_default();
    let in_window = history.recent.iter().filter(|(_, at)| *at > now - window).count() as u64;
    if in_window >= rules.max_per_window {
        return Some(format!("more than {} comments in {} minutes", rules.max_per_window, rules.rate_window.as_secs() / 60));
    }
    match rules.hold {
        HoldPolicy::All => Some("every comment is reviewed".into()),
        HoldPolicy::First if !history.has_published => Some("first comment".into()),
        _ => None,
    }
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn rules(hold: HoldPolicy) -> CommentSettings {
        CommentSettings { hold, edit_window: Duration::from_secs(900), max_links: 2, max_per_window: 3, rate_window: Duration::from_secs(600) }
    }

    #[test]
    fn links_are_counted_written_or_bare() {
        assert_eq!(count_links("see [x](https://a.example) and http://b.example"), 2);
        assert_eq!(count_links("https://www.example.com"), 1);
        assert_eq!(count_links("www.example.com and WWW.other.org"), 2);
        assert_eq!(count_links("no links here"), 0);
    }

    #[test]
    fn each_rule_holds_what_it_should() {
        let now = crate::domain::now();
        let regular = History { is_admin: false, has_published: true, recent: &[] };
        assert_eq!(hold_reason(&rules(HoldPolicy::First), &regular, "fine", now), None);
        assert!(hold_reason(&rules(HoldPolicy::First), &regular, "a http://x b http://y c http://z", now).unwrap().contains("links"));
        let newcomer = History { is_admin: false, has_published: false, recent: &[] };
        assert_eq!(hold_reason(&rules(HoldPolicy::First), &newcomer, "hi", now).as_deref(), Some("first comment"));
        assert_eq!(hold_reason(&rules(HoldPolicy::None), &newcomer, "hi", now), None);
        assert!(hold_reason(&rules(HoldPolicy::All), &regular, "hi", now).is_some());

        let recent = vec![("Great  post!".to_string(), now - chrono::Duration::hours(3))];
        let repeat = History { is_admin: false, has_published: true, recent: &recent };
        assert_eq!(hold_reason(&rules(HoldPolicy::None), &repeat, "great post!", now).as_deref(), Some("repeats an earlier comment"));

        let burst: Vec<_> = (0..3).map(|i| (format!("comment {i}"), now - chrono::Duration::minutes(i))).collect();
        let fast = History { is_admin: false, has_published: true, recent: &burst };
        assert!(hold_reason(&rules(HoldPolicy::None), &fast, "another", now).unwrap().contains("comments in 10 minutes"));

        let admin = History { is_admin: true, has_published: false, recent: &burst };
        assert_eq!(hold_reason(&rules(HoldPolicy::All), &admin, "http://a http://b http://c", now), None);
    }
}
