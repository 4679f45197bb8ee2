//! How stored images are named, and what the markdown renderer reads back from a name: no
//! dependencies beyond std, so the fuzz build can include it with the renderer.

/// The path stored files are served under.
pub const PUBLIC_PATH: &str = "/uploads";
/// Widths, in pixels, an image is also stored at (those narrower than the image itself).
pub const RESPONSIVE_WIDTHS: [u32; 3] = [480, 960, 1600];
/// Wider images are scaled down to this for their full size.
pub const MAX_WIDTH: u32 = 2400;

/// For an image URL this module named (`…/{hash}-{width}.{ext}`), the WebP `srcset` of its
/// stored widths; `None` for any other URL.
pub fn srcset(url: &str) -> Option<String> {
    let (base, name) = url.rsplit_once('/')?;
    let (stem, ext) = name.rsplit_once('.')?;
    let (hash, width) = stem.rsplit_once('-')?;
    if !matches!(ext, "png" | "jpg") || hash.len() != 32 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let width: u32 = width.parse().ok().filter(|w| (1..=MAX_WIDTH).contains(w))?;
    let widths = RESPONSIVE_WIDTHS.into_iter().filter(|w| *w < width).chain(std::iter::once(width));
    Some(widths.map(|w| format!("{base}/{hash}-{w}.webp {w}w")).collect::<Vec<_>>().join(", "))
}
