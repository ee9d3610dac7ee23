//! The built binary, run as a user would.
