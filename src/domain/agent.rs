//! A user as Chatwoot's agent partial shows it (note authors, conversation assignees).

use super::auth::Role;

#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// The user's role in the account being viewed; `None` once they have left it.
    pub role: Option<Role>,
}
