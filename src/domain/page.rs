//! Page parameters: Chatwoot's 15-a-page offset pagination, its `current_page` echo quirk, and our `per_page`.

use serde_json::Value;

pub const DEFAULT_PER_PAGE: u32 = 15;
pub const MAX_PER_PAGE: u32 = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based page number actually served.
    pub number: u32,
    pub per_page: u32,
    /// What `meta.current_page` shows: the raw `page` string when given, the integer 1 when absent.
    pub echo: Value,
}

impl Page {
    pub fn new(page: Option<&str>, per_page: Option<&str>) -> Page {
        let number = page
            .and_then(ruby_to_i)
            .filter(|n| *n >= 1)
            .map(|n| n.min(u32::MAX as i64) as u32);
        let per_page = match per_page.and_then(ruby_to_i) {
            Some(n) if n >= 1 => (n.min(MAX_PER_PAGE as i64)) as u32,
            _ => DEFAULT_PER_PAGE,
        };
        Page {
            number: number.unwrap_or(1),
            per_page,
            echo: match page {
                Some(raw) => Value::String(raw.to_string()),
                None => Value::from(1),
            },
        }
    }

    pub fn offset(&self) -> i64 {
        (self.number as i64 - 1) * self.per_page as i64
    }
}

/// Ruby's `String#to_i`: optional sign and leading digits, anything else ends the number; no digits is 0.
fn ruby_to_i(s: &str) -> Option<i64> {
    let t = s.trim_start();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let end = digits.bytes().take_while(u8::is_ascii_digit).count();
    if end == 0 {
        return Some(0);
    }
    // Saturate: a 40-digit page is just "very far", never an overflow.
    let n = digits[..end].parse::<i64>().unwrap_or(i64::MAX);
    Some(if neg { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    #[allow(clippy::type_complexity)] // a table reads best written out in place
    fn page_table() {
        let cases: &[(Option<&str>, Option<&str>, u32, u32, Value)] = &[
            (None, None, 1, 15, json!(1)),
            (Some("2"), None, 2, 15, json!("2")),
            (Some("0"), None, 1, 15, json!("0")),
            (Some("-3"), None, 1, 15, json!("-3")),
            (Some("abc"), None, 1, 15, json!("abc")),
            (Some("3abc"), None, 3, 15, json!("3abc")),
            (
                Some("99999999999999999999999"),
                None,
                u32::MAX,
                15,
                json!("99999999999999999999999"),
            ),
            (None, Some("50"), 1, 50, json!(1)),
            (None, Some("500"), 1, 100, json!(1)),
            (None, Some("0"), 1, 15, json!(1)),
            (None, Some("x"), 1, 15, json!(1)),
        ];
        for (page, per, n, pp, echo) in cases {
            let p = Page::new(*page, *per);
            assert_eq!(
                (p.number, p.per_page, &p.echo),
                (*n, *pp, echo),
                "page={page:?} per_page={per:?}"
            );
        }
    }

    #[test]
    fn offset_is_zero_based() {
        assert_eq!(Page::new(Some("3"), Some("10")).offset(), 20);
        assert_eq!(
            Page::new(Some(&u32::MAX.to_string()), Some("100")).offset(),
            (u32::MAX as i64 - 1) * 100
        );
    }
}
