//! The `sort` parameter: comma-separated keys, `-` for descending, unknown keys ignored.
//! Unlike Chatwoot (declaration order), keys apply in the order given; `id` always breaks ties.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Email,
    Name,
    PhoneNumber,
    LastActivityAt,
    CreatedAt,
    Company,
    City,
    Country,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortTerm {
    pub key: SortKey,
    pub descending: bool,
}

impl SortKey {
    fn parse(s: &str) -> Option<SortKey> {
        Some(match s {
            "email" => SortKey::Email,
            "name" => SortKey::Name,
            "phone_number" => SortKey::PhoneNumber,
            "last_activity_at" => SortKey::LastActivityAt,
            "created_at" => SortKey::CreatedAt,
            "company" | "company_name" => SortKey::Company,
            "city" => SortKey::City,
            "country" => SortKey::Country,
            _ => return None,
        })
    }
}

/// Parses `sort`. A key given twice counts once, at its first place.
pub fn parse(raw: Option<&str>) -> Vec<SortTerm> {
    let mut terms: Vec<SortTerm> = Vec::new();
    for part in raw.unwrap_or("").split(',') {
        let part = part.trim();
        let (descending, name) = match part.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, part),
        };
        if let Some(key) = SortKey::parse(name)
            && !terms.iter().any(|t| t.key == key)
        {
            terms.push(SortTerm { key, descending });
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(key: SortKey, descending: bool) -> SortTerm {
        SortTerm { key, descending }
    }

    #[test]
    fn sort_table() {
        use SortKey::*;
        let cases: Vec<(Option<&str>, Vec<SortTerm>)> = vec![
            (None, vec![]),
            (Some(""), vec![]),
            (Some("name"), vec![t(Name, false)]),
            (Some("-name"), vec![t(Name, true)]),
            (Some("name,email"), vec![t(Name, false), t(Email, false)]),
            (
                Some("-last_activity_at, created_at"),
                vec![t(LastActivityAt, true), t(CreatedAt, false)],
            ),
            (Some("company"), vec![t(Company, false)]),
            (Some("-company_name"), vec![t(Company, true)]),
            (
                Some("city,-country,phone_number"),
                vec![t(City, false), t(Country, true), t(PhoneNumber, false)],
            ),
            (Some("bogus,name,--name,name"), vec![t(Name, false)]),
            (Some("-"), vec![]),
        ];
        for (raw, want) in cases {
            assert_eq!(parse(raw), want, "sort={raw:?}");
        }
    }
}
