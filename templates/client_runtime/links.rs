//! RFC 8288 `Link` headers, read as the RFC says (targets with commas, quoted parameters,
//! several headers), for the next page's link.

use reqwest::header::HeaderMap;

/// The target of the `rel="next"` link in RFC 8288 `Link` headers (one or several), as
/// written: it may be relative to the request's URL.
pub(super) fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| parse_links(v).into_iter().find(|(_, rels)| rels.iter().any(|r| r == "next")))
        .map(|(target, _)| target)
}

/// RFC 8288 links: `<target>; rel="next last"; title=x, <target2>; rel=prev` → each
/// target with its relation types, lowercased. A `<` starts a target and `>` ends it, so
/// a comma or semicolon inside one is kept; parameters other than `rel` are skipped, and
/// quoted values may hold commas and escaped quotes. Malformed pieces are skipped, not
/// guessed at.
fn parse_links(text: &str) -> Vec<(String, Vec<String>)> {
    let mut links = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let Some(after) = rest.strip_prefix('<') else { break };
        let Some(end) = after.find('>') else { break };
        let target = after[..end].trim().to_owned();
        rest = &after[end + 1..];
        let mut rels = Vec::new();
        // Parameters, up to the comma that ends this link.
        loop {
            rest = rest.trim_start();
            let Some(param) = rest.strip_prefix(';') else { break };
            let param = param.trim_start();
            let name_end = param.find(['=', ';', ',']).unwrap_or(param.len());
            let name = param[..name_end].trim().to_ascii_lowercase();
            rest = &param[name_end..];
            let mut value = String::new();
            if let Some(v) = rest.strip_prefix('=') {
                let v = v.trim_start();
                if let Some(quoted) = v.strip_prefix('"') {
                    let mut chars = quoted.char_indices();
                    let mut end = quoted.len();
                    while let Some((i, c)) = chars.next() {
                        match c {
                            '\\' => {
                                if let Some((_, escaped)) = chars.next() {
                                    value.push(escaped);
                                }
                            }
                            '"' => {
                                end = i + 1;
                                break;
                            }
                            c => value.push(c),
                        }
                    }
                    rest = &quoted[end.min(quoted.len())..];
                } else {
                    let end = v.find([';', ',']).unwrap_or(v.len());
                    value = v[..end].trim().to_owned();
                    rest = &v[end..];
                }
            }
            // The first `rel` counts (RFC 8288, 3.3).
            if name == "rel" && rels.is_empty() {
                rels = value.split_whitespace().map(str::to_ascii_lowercase).collect();
            }
        }
        links.push((target, rels));
        // Anything else up to the next comma is not a link parameter: skip it.
        match rest.find(',') {
            Some(i) if !rest.trim_start().starts_with('<') => rest = &rest[i..],
            _ => {}
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
    #[test]
    fn links_are_parsed_as_rfc_8288_says() {
        let links = |text: &str| -> Vec<String> {
            parse_links(text).into_iter().map(|(t, rels)| format!("{t} {}", rels.join("+"))).collect()
        };
        let gitlab = "<https://gitlab.example.com/api/v4/projects/8/issues?page=2&per_page=3>; rel=\"next\", \
                      <https://gitlab.example.com/api/v4/projects/8/issues?page=1&per_page=3>; rel=\"first\"";
        assert_eq!(
            links(gitlab),
            [
                "https://gitlab.example.com/api/v4/projects/8/issues?page=2&per_page=3 next",
                "https://gitlab.example.com/api/v4/projects/8/issues?page=1&per_page=3 first"
            ]
        );
        assert_eq!(links("<a,b;c>; title=\"x, \\\"y\"; REL=\"Next Last\""), ["a,b;c next+last"]);
        assert_eq!(links("</p?page=2>;rel=next;rel=prev,</p?page=1>;rel=prev"), ["/p?page=2 next", "/p?page=1 prev"]);
        assert_eq!(links("<x>; rel"), ["x "]);
        assert_eq!(links("garbage, <x>; rel=next"), Vec::<String>::new(), "not guessed at");
        assert_eq!(links("<unclosed; rel=next"), Vec::<String>::new());
        assert_eq!(links(""), Vec::<String>::new());
        let mut h = HeaderMap::new();
        h.append(reqwest::header::LINK, HeaderValue::from_static("</first>; rel=first"));
        h.append(reqwest::header::LINK, HeaderValue::from_static("</second>; rel=\"next\""));
        assert_eq!(next_link(&h).as_deref(), Some("/second"));
    }
}
