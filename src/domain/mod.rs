//! Pure rules of the product: no actix, no rusqlite. Everything here is unit-tested without I/O.

pub mod agent;
pub mod auth;
pub mod avatar;
pub mod channel;
pub mod contact;
pub mod contactable;
pub mod conversation;
pub mod filter;
pub mod haikunator;
pub mod identity;
pub mod inbox;
pub mod input;
pub mod merge;
pub mod note;
pub mod page;
pub mod sort;
