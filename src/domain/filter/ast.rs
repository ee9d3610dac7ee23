//! Typed syntax tree of a contacts filter, produced by [`super::parse`] and
//! consumed by [`super::compile`]. It holds no SQL text: column names are
//! enums and every user value is a typed Rust value.

use chrono::NaiveDate;

use super::DisplayType;

/// A validated filter: conditions in request order.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub conditions: Vec<FilterCondition>,
}

/// One condition and the operator joining it to the NEXT condition.
/// The join of the last condition is ignored (the parser sets it to `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct FilterCondition {
    pub condition: Condition,
    pub join: Option<Join>,
}

/// `query_operator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    And,
    Or,
}

/// What a condition tests, with its typed operator and values.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `name`, `email`, `phone_number`, `identifier`.
    Text { column: TextColumn, op: TextOp },
    /// `country_code`, `city`, `company` (keys of `additional_attributes`).
    Additional { attr: AdditionalAttr, op: TextOp },
    /// `labels`.
    Labels(LabelOp),
    /// `created_at`, `last_activity_at`.
    Date { column: DateColumn, op: DateOp },
    /// `blocked`.
    Blocked(BoolOp),
    /// A custom attribute definition of the account (`custom_attributes` key).
    Custom {
        key: String,
        display: DisplayType,
        op: CustomOp,
    },
}

/// Text-case-insensitive contact columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextColumn {
    Name,
    Email,
    PhoneNumber,
    Identifier,
}

/// Standard keys stored in `additional_attributes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdditionalAttr {
    CountryCode,
    City,
    Company,
}

/// Date (unix seconds) contact columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateColumn {
    CreatedAt,
    LastActivityAt,
}

/// Operators on text. Values are as sent (not yet lower-cased or escaped).
#[derive(Debug, Clone, PartialEq)]
pub enum TextOp {
    EqualTo(String),
    NotEqualTo(String),
    Contains(Vec<String>),
    DoesNotContain(Vec<String>),
    StartsWith(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum LabelOp {
    EqualTo(String),
    NotEqualTo(String),
    IsPresent,
    IsNotPresent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOp {
    /// Strictly after the day (`column::date > D`).
    IsGreaterThan(NaiveDate),
    /// Strictly before the day (`column::date < D`).
    IsLessThan(NaiveDate),
    /// Strictly before `today - N days`.
    DaysBefore(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolOp {
    EqualTo(bool),
    NotEqualTo(bool),
}

/// Operators on a custom attribute. Comparison values carry the type of the
/// attribute's display type; contains/starts_with always use text semantics.
#[derive(Debug, Clone, PartialEq)]
pub enum CustomOp {
    EqualTo(CustomValue),
    NotEqualTo(CustomValue),
    IsGreaterThan(CustomValue),
    IsLessThan(CustomValue),
    Contains(Vec<String>),
    DoesNotContain(Vec<String>),
    StartsWith(String),
    DaysBefore(u64),
    IsPresent,
    IsNotPresent,
}

/// A typed custom attribute value.
#[derive(Debug, Clone, PartialEq)]
pub enum CustomValue {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

/// The `filter_operator` vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    EqualTo,
    NotEqualTo,
    Contains,
    DoesNotContain,
    StartsWith,
    IsPresent,
    IsNotPresent,
    IsGreaterThan,
    IsLessThan,
    DaysBefore,
}

impl Operator {
    pub const ALL: [Operator; 10] = [
        Operator::EqualTo,
        Operator::NotEqualTo,
        Operator::Contains,
        Operator::DoesNotContain,
        Operator::StartsWith,
        Operator::IsPresent,
        Operator::IsNotPresent,
        Operator::IsGreaterThan,
        Operator::IsLessThan,
        Operator::DaysBefore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Operator::EqualTo => "equal_to",
            Operator::NotEqualTo => "not_equal_to",
            Operator::Contains => "contains",
            Operator::DoesNotContain => "does_not_contain",
            Operator::StartsWith => "starts_with",
            Operator::IsPresent => "is_present",
            Operator::IsNotPresent => "is_not_present",
            Operator::IsGreaterThan => "is_greater_than",
            Operator::IsLessThan => "is_less_than",
            Operator::DaysBefore => "days_before",
        }
    }

    /// Exact (case-sensitive) match, like Chatwoot.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.as_str() == s)
    }
}

/// The standard attribute keys, in Chatwoot's `filter_keys.yml` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandardKey {
    Name,
    PhoneNumber,
    Email,
    Identifier,
    CountryCode,
    City,
    Company,
    Labels,
    CreatedAt,
    LastActivityAt,
    Blocked,
}

impl StandardKey {
    pub const ALL: [StandardKey; 11] = [
        StandardKey::Name,
        StandardKey::PhoneNumber,
        StandardKey::Email,
        StandardKey::Identifier,
        StandardKey::CountryCode,
        StandardKey::City,
        StandardKey::Company,
        StandardKey::Labels,
        StandardKey::CreatedAt,
        StandardKey::LastActivityAt,
        StandardKey::Blocked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StandardKey::Name => "name",
            StandardKey::PhoneNumber => "phone_number",
            StandardKey::Email => "email",
            StandardKey::Identifier => "identifier",
            StandardKey::CountryCode => "country_code",
            StandardKey::City => "city",
            StandardKey::Company => "company",
            StandardKey::Labels => "labels",
            StandardKey::CreatedAt => "created_at",
            StandardKey::LastActivityAt => "last_activity_at",
            StandardKey::Blocked => "blocked",
        }
    }

    /// Exact (case-sensitive) match.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Allowed operators, in the order Chatwoot lists them in its error message.
    pub fn allowed_operators(self) -> &'static [Operator] {
        use Operator::*;
        match self {
            StandardKey::Name | StandardKey::Email | StandardKey::City | StandardKey::Company => {
                &[EqualTo, NotEqualTo, Contains, DoesNotContain]
            }
            StandardKey::PhoneNumber => {
                &[EqualTo, NotEqualTo, Contains, DoesNotContain, StartsWith]
            }
            StandardKey::Identifier | StandardKey::CountryCode | StandardKey::Blocked => {
                &[EqualTo, NotEqualTo]
            }
            StandardKey::Labels => &[EqualTo, NotEqualTo, IsPresent, IsNotPresent],
            StandardKey::CreatedAt | StandardKey::LastActivityAt => {
                &[IsGreaterThan, IsLessThan, DaysBefore]
            }
        }
    }
}
