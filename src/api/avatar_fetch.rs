//! `avatar_url`: downloaded after the response, like Chatwoot's `Avatar::AvatarFromUrlJob`. Any
//! failure (unreachable, not 2xx, too big, too slow, not an image) is logged and leaves the contact
//! as it was.

use super::{SharedState, outbound};
use crate::db;
use crate::domain::avatar::{self, Avatar};
use std::time::Duration;

/// The whole download (connect, headers and body) must finish within this.
pub const TIMEOUT: Duration = Duration::from_secs(10);
const MAX_REDIRECTS: usize = 5;

/// Starts the download on the current worker's runtime and returns at once. `url` must have passed
/// `avatar::url_to_fetch`.
pub fn spawn(state: SharedState, account_id: i64, contact_id: i64, url: String) {
    actix_web::rt::spawn(async move {
        match fetch_and_store(&state, account_id, contact_id, &url).await {
            Ok(()) => log::info!("avatar_url {url} stored for contact {contact_id}"),
            Err(e) => log::warn!("avatar_url {url} for contact {contact_id} not used: {e}"),
        }
    });
}

async fn fetch_and_store(
    state: &SharedState,
    account_id: i64,
    contact_id: i64,
    url: &str,
) -> Result<(), String> {
    let bytes = download(url, state.allow_private_avatar_urls).await?;
    let avatar = actix_web::web::block(move || Avatar::process(bytes))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| describe(&e))?;
    state
        .write(move |conn, now| {
            // The contact may have gone while we downloaded; then there is nothing to do.
            let Some(contact) = db::contacts::find(conn, account_id, contact_id)? else {
                return Ok(false);
            };
            let id = db::avatars::insert(conn, &avatar, now)?;
            db::avatars::set_for_contact(conn, &contact, Some(id), now)?;
            Ok(true)
        })
        .await
        .map_err(|e| describe(&e))?
        .then_some(())
        .ok_or_else(|| "the contact no longer exists".to_string())
}

fn describe(e: &crate::error::Error) -> String {
    match e.body() {
        Some(body) => format!("{e} {body}"),
        None => e.to_string(),
    }
}

/// reqwest's error text stops at "error sending request"; the refusal of a private address is in
/// its sources.
fn describe_send(e: reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}

/// The body at `url`, at most `avatar::MAX_BYTES`. Redirects are followed only to http(s), and
/// only to public addresses unless `allow_private`.
async fn download(url: &str, allow_private: bool) -> Result<Vec<u8>, String> {
    let url = reqwest::Url::parse(url).map_err(|e| e.to_string())?;
    let reach = outbound::Reach::new(allow_private);
    reach.check(&url)?;
    let client = reach.client(TIMEOUT, MAX_REDIRECTS)?;
    let mut res = client.get(url).send().await.map_err(describe_send)?;
    if !res.status().is_success() {
        return Err(format!("the server answered {}", res.status()));
    }
    let too_big = || format!("larger than {} bytes", avatar::MAX_BYTES);
    if res
        .content_length()
        .is_some_and(|n| n > avatar::MAX_BYTES as u64)
    {
        return Err(too_big());
    }
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| e.to_string())? {
        if body.len() + chunk.len() > avatar::MAX_BYTES {
            return Err(too_big());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
