//! Names for anonymous contacts of the public API, like Chatwoot's `Haikunator.haikunate(1000)`:
//! "adjective-noun-NNNN".

const ADJECTIVES: &[&str] = &[
    "autumn",
    "hidden",
    "bitter",
    "misty",
    "silent",
    "empty",
    "dry",
    "dark",
    "summer",
    "icy",
    "delicate",
    "quiet",
    "white",
    "cool",
    "spring",
    "winter",
    "patient",
    "twilight",
    "dawn",
    "crimson",
    "wispy",
    "weathered",
    "blue",
    "billowing",
    "broken",
    "cold",
    "damp",
    "falling",
    "frosty",
    "green",
    "long",
    "late",
    "lingering",
    "bold",
    "little",
    "morning",
    "muddy",
    "old",
    "red",
    "rough",
    "still",
    "small",
    "sparkling",
    "shy",
    "wandering",
    "withered",
    "wild",
    "black",
    "young",
    "holy",
    "solitary",
    "fragrant",
    "aged",
    "snowy",
    "proud",
    "floral",
    "restless",
    "divine",
    "polished",
    "ancient",
    "purple",
    "lively",
    "nameless",
];

const NOUNS: &[&str] = &[
    "waterfall",
    "river",
    "breeze",
    "moon",
    "rain",
    "wind",
    "sea",
    "morning",
    "snow",
    "lake",
    "sunset",
    "pine",
    "shadow",
    "leaf",
    "dawn",
    "glitter",
    "forest",
    "hill",
    "cloud",
    "meadow",
    "sun",
    "glade",
    "bird",
    "brook",
    "butterfly",
    "bush",
    "dew",
    "dust",
    "field",
    "fire",
    "flower",
    "firefly",
    "feather",
    "grass",
    "haze",
    "mountain",
    "night",
    "pond",
    "darkness",
    "snowflake",
    "silence",
    "sound",
    "sky",
    "shape",
    "surf",
    "thunder",
    "violet",
    "water",
    "wildflower",
    "wave",
    "resonance",
    "smoke",
    "star",
    "frog",
    "voice",
    "paper",
    "band",
];

/// A name from `pick(n)`, which must return a random index below `n` (the caller owns the
/// randomness, so this stays pure and testable).
pub fn haikunate(mut pick: impl FnMut(usize) -> usize) -> String {
    let adjective = ADJECTIVES[pick(ADJECTIVES.len()) % ADJECTIVES.len()];
    let noun = NOUNS[pick(NOUNS.len()) % NOUNS.len()];
    let number = 1000 + pick(9000) % 9000;
    format!("{adjective}-{noun}-{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_table() {
        for (picks, want) in [
            ([0, 0, 0], "autumn-waterfall-1000"),
            ([1, 2, 8999], "hidden-breeze-9999"),
            // Out-of-range picks wrap instead of panicking.
            (
                [ADJECTIVES.len(), NOUNS.len() + 1, 9000 + 42],
                "autumn-river-1042",
            ),
        ] {
            let mut it = picks.into_iter();
            assert_eq!(haikunate(|_| it.next().unwrap_or(0)), want);
        }
    }

    #[test]
    fn every_word_is_one_lowercase_token() {
        for w in ADJECTIVES.iter().chain(NOUNS) {
            assert!(w.chars().all(|c| c.is_ascii_lowercase()), "{w}");
        }
    }
}
