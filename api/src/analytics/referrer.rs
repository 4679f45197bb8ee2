//! Where a reader came from: only the host of the referring page is kept (never its path or
//! query, which can name a person or a search), and only when it is another site.

/// The host of `referrer` when it is an http(s) page of another site, lower-cased. `None` for
/// this site's own pages (`own_host`), other schemes (`android-app:`, `file:`) and text that
/// is not a URL: those views count as direct.
pub fn external_host(referrer: &str, own_host: Option<&str>) -> Option<String> {
    let url = url::Url::parse(referrer.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || host.len() > 255 || own_host == Some(host.as_str()) {
        return None;
    }
    Some(host)
}

/// This site's host, from `PUBLIC_URL`.
pub fn own_host(public_url: &str) -> Option<String> {
    let url = url::Url::parse(public_url).ok()?;
    Some(url.host_str()?.trim_end_matches('.').to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_another_sites_host_is_kept() {
        let own = own_host("https://Blog.Example.com/");
        assert_eq!(own.as_deref(), Some("blog.example.com"));
        let host = |r: &str| external_host(r, own.as_deref());
        assert_eq!(host("https://news.ycombinator.com/item?id=42").as_deref(), Some("news.ycombinator.com"));
        assert_eq!(host("http://WWW.Google.COM./search?q=my+name").as_deref(), Some("www.google.com"));
        assert_eq!(host("https://blog.example.com/posts/other"), None, "this site's own pages are not referrers");
        assert_eq!(host("https://blog.example.com:8443/"), None, "whatever the port");
        assert_eq!(host("android-app://com.google.android.gm/"), None);
        assert_eq!(host("not a url"), None);
        assert_eq!(host(""), None);
    }
}
