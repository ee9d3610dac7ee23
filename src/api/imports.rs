//! Contact imports: `POST .../contacts/import` (reference 18; our body `{"id","status":"pending"}` is
//! additive) and, ours, the import's progress and rejected rows under `.../data_imports/{id}`.

use super::authorize;
use super::exports::stream_csv;
use super::request::{Caller, path_id};
use super::{SharedState, json, views};
use crate::db::imports;
use crate::domain::auth;
use crate::error::{Error, Result};
use actix_multipart::{Multipart, MultipartError};
use actix_web::web::{self, Bytes, BytesMut};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Seek, SeekFrom, Write};

/// Largest import file accepted (about two million rows of a typical contacts CSV).
pub const MAX_IMPORT_BYTES: u64 = 200 * 1024 * 1024;

/// Upload bytes gathered before one write to the temp file on the blocking pool.
const WRITE_BATCH: usize = 1024 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let account = "/api/v1/accounts/{account_id}";
    cfg.service(web::resource(format!("{account}/contacts/import")).post(import))
        .service(
            web::resource(format!("{account}/data_imports/{{id}}/failed_records"))
                .get(failed_records),
        )
        .service(web::resource(format!("{account}/data_imports/{{id}}")).get(show));
}

/// The `import_file` part, spooled to a temp file as it arrives.
struct Upload {
    file: File,
    name: String,
    sha256: String,
    len: u64,
}

/// Writes one batch of upload bytes (and hashes them) off the async worker.
async fn spool(file: File, hasher: Sha256, batch: Bytes) -> Result<(File, Sha256)> {
    web::block(move || {
        let (mut file, mut hasher) = (file, hasher);
        file.write_all(&batch).map_err(Error::internal)?;
        hasher.update(&batch);
        Ok((file, hasher))
    })
    .await?
}

fn multipart_error(e: MultipartError) -> Error {
    match e {
        MultipartError::Payload(p) => Error::BadRequest(format!("could not read the upload: {p}")),
        e => Error::BadRequest(format!("malformed multipart body: {e}")),
    }
}

/// Reads the multipart body; `None` when there is no `import_file` part (or the body is not multipart).
async fn read_upload(
    req: &HttpRequest,
    payload: web::Payload,
    dir: std::path::PathBuf,
) -> Result<Option<Upload>> {
    let mut parts = Multipart::new(req.headers(), payload);
    let mut upload = None;
    while let Some(part) = parts.next().await {
        let mut part = match part {
            Ok(p) => p,
            Err(
                MultipartError::ContentTypeMissing
                | MultipartError::ContentTypeParse
                | MultipartError::ContentTypeIncompatible,
            ) => return Ok(None),
            Err(e) => return Err(multipart_error(e)),
        };
        if upload.is_some() || part.name() != Some("import_file") {
            while let Some(chunk) = part.next().await {
                chunk.map_err(multipart_error)?;
            }
            continue;
        }
        let name = part
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or("import.csv")
            .to_string();
        let dir = dir.clone();
        let mut file = web::block(move || tempfile::tempfile_in(dir))
            .await?
            .map_err(Error::internal)?;
        let mut hasher = Sha256::new();
        let mut batch = BytesMut::new();
        let mut len = 0u64;
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            len += chunk.len() as u64;
            if len > MAX_IMPORT_BYTES {
                return Err(Error::PayloadTooLarge(format!(
                    "The import file is larger than {} MiB",
                    MAX_IMPORT_BYTES / (1024 * 1024)
                )));
            }
            batch.extend_from_slice(&chunk);
            if batch.len() >= WRITE_BATCH {
                (file, hasher) = spool(file, hasher, batch.split().freeze()).await?;
            }
        }
        (file, hasher) = spool(file, hasher, batch.split().freeze()).await?;
        upload = Some(Upload {
            file,
            name,
            sha256: hex::encode(hasher.finalize()),
            len,
        });
    }
    Ok(upload)
}

/// POST /api/v1/accounts/{account_id}/contacts/import
pub async fn import(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let account_id = caller.account_id;
    // Policy before the upload is read: strangers and agents get their 401 without us spooling their bytes.
    state
        .read_as(caller.clone(), |_, who, _| auth::admin_only(who))
        .await?;
    let dir = state
        .db
        .path()
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| p.to_path_buf())
        .unwrap_or_else(|| ".".into());
    let upload = read_upload(&req, payload, dir)
        .await?
        .filter(|u| u.len > 0)
        .ok_or_else(|| Error::Unprocessable("File is blank".into()))?;
    let id = state
        .write_as(caller, move |conn, who, now| {
            auth::admin_only(who)?;
            let Upload {
                mut file,
                name,
                sha256,
                len,
            } = upload;
            file.seek(SeekFrom::Start(0)).map_err(Error::internal)?;
            imports::create(conn, account_id, &name, &sha256, &mut file, len, now)
        })
        .await?;
    state.imports.enqueue(id);
    Ok(json(views::to_json(
        &serde_json::json!({"id": id, "status": "pending"}),
    )?))
}

/// GET /api/v1/accounts/{account_id}/data_imports/{id}
pub async fn show(
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (account_id, id) = (caller.account_id, path_id(&path.1));
    let body = state
        .read_as(caller, move |conn, who, _now| {
            auth::admin_only(who)?;
            let imp = imports::find(conn, account_id, id)?.ok_or(Error::NotFound)?;
            views::to_json(&views::data_import(&imp))
        })
        .await?;
    Ok(json(body))
}

/// GET /api/v1/accounts/{account_id}/data_imports/{id}/failed_records
pub async fn failed_records(
    state: SharedState,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse> {
    let (account_id, id) = (caller.account_id, path_id(&path.1));
    let file_name = format!("{}_contacts.csv", chrono_day(state.clock.now()));
    stream_csv(&state, file_name, move |conn, _now, out| {
        auth::admin_only(&authorize(conn, &caller)?)?;
        imports::find(conn, account_id, id)?.ok_or(Error::NotFound)?;
        imports::write_failures(conn, id, out)?;
        Ok(())
    })
    .await
}

/// `YYYYMMDD`, the date Chatwoot puts in a failed-records file name.
fn chrono_day(now: i64) -> String {
    chrono::DateTime::from_timestamp(now, 0)
        .map(|t| t.format("%Y%m%d").to_string())
        .unwrap_or_default()
}
