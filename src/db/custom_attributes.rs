//! Custom attribute definitions: they type the filter DSL's custom attribute conditions.

use crate::domain::filter::{CustomAttributeDefs, DisplayType};
use crate::error::Result;
use rusqlite::Connection;

/// Every definition of the account, by (attribute_model, attribute_key).
pub fn definitions(conn: &Connection, account_id: i64) -> Result<CustomAttributeDefs> {
    let mut stmt = conn.prepare_cached(
        "SELECT attribute_model, attribute_key, attribute_display_type
         FROM custom_attribute_definitions WHERE account_id = ?",
    )?;
    let mut defs = CustomAttributeDefs::new();
    let rows = stmt.query_map([account_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (model, key, display) = row?;
        if let Some(t) = DisplayType::parse(&display) {
            defs.insert(&model, &key, t);
        }
    }
    Ok(defs)
}
