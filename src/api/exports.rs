//! `POST .../contacts/export` (reference 19): there is no mail, so the answer is the CSV itself, streamed.
//! Also the CSV streaming that the failed-records download shares.

use super::authorize;
use super::request::{self, Caller};
use super::{AppState, SharedState};
use crate::csv_io::ExportColumn;
use crate::db::Conn;
use crate::db::contact_export::{self, Selection};
use crate::domain::{auth, input};
use crate::error::{Error, Result};
use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde_json::{Map, Value};
use std::io;
use tokio::sync::mpsc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/accounts/{account_id}/contacts/export").post(export));
}

/// Bytes gathered before a chunk goes to the client.
const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks in flight between the database thread and the connection: this bounds an export's memory.
const CHUNKS_IN_FLIGHT: usize = 4;

/// The producer's end of a CSV stream: an `io::Write` that hands full chunks to the response.
pub struct ChunkSender {
    tx: mpsc::Sender<Result<Bytes>>,
    buf: Vec<u8>,
    sent: bool,
    closed: bool,
}

impl ChunkSender {
    fn send_buf(&mut self) -> io::Result<()> {
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buf,
            Vec::with_capacity(CHUNK_BYTES),
        ));
        self.sent = true;
        // Blocks while the client is slow, which is what keeps memory flat.
        self.tx.blocking_send(Ok(chunk)).map_err(|_| {
            self.closed = true;
            io::Error::new(io::ErrorKind::BrokenPipe, "the client went away")
        })
    }

    fn end(mut self, outcome: Result<()>) {
        match outcome {
            Ok(()) => {
                let _ = self.send_buf();
            }
            // Nothing sent yet: the handler answers with the error's own status and body.
            Err(e) if !self.sent => {
                let _ = self.tx.blocking_send(Err(e));
            }
            Err(_) if self.closed => log::debug!("CSV stream stopped: the client went away"),
            Err(e) => {
                log::error!("CSV stream failed midway: {e}");
                // An error item makes the server cut the connection, so a truncated file never looks whole.
                let _ = self.tx.blocking_send(Err(e));
            }
        }
    }
}

impl io::Write for ChunkSender {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK_BYTES {
            self.send_buf()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs `produce` on the blocking pool over one read connection and streams what it writes as
/// `text/csv`. An error before the first chunk leaves becomes the response (401, 404, 422...).
pub(super) async fn stream_csv<F>(
    state: &AppState,
    file_name: String,
    produce: F,
) -> Result<HttpResponse>
where
    F: FnOnce(&Conn, i64, &mut ChunkSender) -> Result<()> + Send + 'static,
{
    let (tx, mut rx) = mpsc::channel::<Result<Bytes>>(CHUNKS_IN_FLIGHT);
    let db = state.db.clone();
    let now = state.clock.now();
    actix_web::rt::task::spawn_blocking(move || {
        let mut sink = ChunkSender {
            tx,
            buf: Vec::with_capacity(CHUNK_BYTES),
            sent: false,
            closed: false,
        };
        let outcome = db.read(|conn| produce(conn, now, &mut sink));
        sink.end(outcome);
    });
    let first = match rx.recv().await {
        None => return Err(Error::internal("the CSV producer stopped without output")),
        Some(Err(e)) => return Err(e),
        Some(Ok(first)) => first,
    };
    let rest = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let body = futures_util::stream::once(async move { Ok::<_, Error>(first) }).chain(rest);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .streaming(body))
}

/// A filter `payload` that is there and not blank selects by the filter (Chatwoot's `payload.present?`).
fn has_payload(body: &Map<String, Value>) -> bool {
    match body.get("payload") {
        None | Some(Value::Null) => false,
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(_) => true,
    }
}

/// POST /api/v1/accounts/{account_id}/contacts/export
pub async fn export(
    req: HttpRequest,
    state: SharedState,
    caller: Caller,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let account_id = caller.account_id;
    let body = request::json_body(&req, payload).await?;
    let requested = input::string_list(&body, "column_names")?;
    let columns = ExportColumn::select(requested.as_deref());
    let label = input::string(&body, "label")?.flatten();
    let filter = has_payload(&body).then(|| Value::Object(body));
    let today = state.clock.today();
    let file_name = format!("contacts_{account_id}.csv");
    stream_csv(&state, file_name, move |conn, _now, out| {
        auth::admin_only(&authorize(conn, &caller)?)?;
        let selection = Selection::new(conn, account_id, filter.as_ref(), label.as_deref(), today)?;
        contact_export::write_csv(conn, account_id, &selection, columns, out)?;
        Ok(())
    })
    .await
}
