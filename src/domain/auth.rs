//! Roles and what each may do (Chatwoot's ContactPolicy, reference 0.3).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Administrator,
    Agent,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "administrator" => Some(Role::Administrator),
            "agent" => Some(Role::Agent),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Agent => "agent",
        }
    }
}

/// Who is calling, within which account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub account_id: i64,
    pub role: Role,
}

impl Principal {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Administrator
    }
}

/// Actions only administrators may take: import, export, destroy.
pub fn admin_only(p: &Principal) -> Result<(), crate::error::Error> {
    if p.is_admin() {
        Ok(())
    } else {
        Err(crate::error::Error::Forbidden)
    }
}
