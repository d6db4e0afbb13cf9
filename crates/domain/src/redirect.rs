//! Where a user-supplied "come back to" target may send a browser: only to a path on this site.
//!
//! Browsers are lenient with `Location`: they drop tabs and newlines (`/\t/evil.example` becomes
//! `//evil.example`, a link to another site), read `\` as `/`, and some decode `%2F`. So a target
//! is accepted only when it is a plain absolute path in printable ASCII, and stays one however
//! many times it is percent-decoded.

/// Longest target kept; longer ones are not links this site makes.
pub const MAX_LEN: usize = 2048;

/// How many rounds of percent-decoding are checked (double-encoding tricks).
const DECODE_ROUNDS: usize = 3;

/// `Some(target)` when `target` is a same-site absolute path (`/regions/99.01?tab=x`), else
/// `None` and the caller sends the user to its default page.
pub fn local_path(target: &str) -> Option<String> {
    if target.is_empty() || target.len() > MAX_LEN || !plain(target.as_bytes()) {
        return None;
    }
    let mut bytes = target.as_bytes().to_vec();
    for _ in 0..DECODE_ROUNDS {
        if !path_like(&bytes) {
            return None;
        }
        let decoded = percent_decode(&bytes);
        if decoded == bytes {
            break;
        }
        bytes = decoded;
    }
    path_like(&bytes).then(|| target.to_string())
}

/// The target itself: printable ASCII only (no controls, no spaces, nothing a header mangles).
fn plain(b: &[u8]) -> bool {
    b.iter().all(|&c| (0x21..=0x7e).contains(&c))
}

/// One absolute path: a single leading `/`, no backslash, no control or white space anywhere.
fn path_like(b: &[u8]) -> bool {
    b.first() == Some(&b'/')
        && !matches!(b.get(1), Some(b'/') | Some(b'\\'))
        && !b.contains(&b'\\')
        && b.iter().all(|&c| c > 0x20 && c != 0x7f)
}

fn percent_decode(b: &[u8]) -> Vec<u8> {
    fn hex(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if let (Some(h), Some(l)) = (b.get(i + 1).and_then(|&c| hex(c)), b.get(i + 2).and_then(|&c| hex(c))) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The target if it is local, else `default`.
pub fn local_or(target: &str, default: &str) -> String {
    local_path(target).unwrap_or_else(|| default.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keeps_local_paths() {
        for ok in ["/", "/regions/99.01", "/publik?q=kota+baru&year=2025", "/a%2Fb", "/a/b#x", "/a//b"] {
            assert_eq!(local_path(ok).as_deref(), Some(ok), "{ok}");
        }
    }

    #[test]
    fn refuses_other_sites_and_odd_bytes() {
        for bad in [
            "",
            "//evil.example/",
            "/\t/evil.example/",
            "/\n/x",
            "/\r\nSet-Cookie: a=b",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "evil.example",
            " /x",
            "/x y",
            "/%09/evil.example/",
            "/%0A/x",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "/%252F/evil.example",
            "/%25252F%25252Fevil.example",
            "/x%00",
            "/publik?q=a%20b",
            "/caf\u{e9}",
            "/\u{202e}x",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(MAX_LEN))), None);
        assert_eq!(local_or("//evil.example", "/"), "/");
    }

    proptest! {
        #[test]
        fn whatever_is_returned_is_a_local_path(s in "\\PC*|[/\\\\%0-9A-Fa-f\t\n .:a-z]{0,24}") {
            if let Some(p) = local_path(&s) {
                prop_assert!(p.starts_with('/'));
                prop_assert!(!p.starts_with("//") && !p.starts_with("/\\"));
                prop_assert!(!p.chars().any(|c| c.is_control() || c.is_whitespace()));
                let d = percent_decode(p.as_bytes());
                prop_assert!(!d.starts_with(b"//") && !d.starts_with(b"/\\"));
                prop_assert!(d.iter().all(|&c| c > 0x20 && c != 0x7f));
            }
        }

        #[test]
        fn prefixed_with_a_slash_a_safe_segment_is_kept(seg in "[a-zA-Z0-9._~-]{1,40}") {
            let p = format!("/{seg}");
            prop_assert_eq!(local_path(&p), Some(p.clone()));
        }
    }
}
