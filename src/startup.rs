//! Building and running the server: bind first (port 0 allowed), report the address, then serve.

use crate::api::{self, AppState};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::import_worker::ImportQueue;
use actix_web::http::StatusCode;
use actix_web::middleware::{Compress, ErrorHandlers, Logger};
use actix_web::{App, HttpServer, web};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Settings {
    pub db: PathBuf,
    pub bind: String,
    pub presence_ttl: i64,
    /// HTTP worker threads; 0 means one per core.
    pub workers: usize,
    /// Let `avatar_url` downloads reach loopback and private addresses.
    pub allow_private_avatar_urls: bool,
}

pub struct Application {
    port: u16,
    host: String,
    server: actix_web::dev::Server,
}

impl Application {
    /// Binds the listener and prepares the server; nothing is served until `run_until_stopped`.
    pub fn build(settings: &Settings, db: Db, clock: Clock) -> Result<Application> {
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|e| Error::internal(format!("cannot bind {}: {e}", settings.bind)))?;
        let addr = listener.local_addr().map_err(Error::internal)?;
        let imports = ImportQueue::start(db.clone(), clock.clone()).map_err(Error::internal)?;
        imports.resume_unfinished(&db)?;
        let state = web::Data::new(Arc::new(AppState {
            db,
            clock,
            presence_ttl: settings.presence_ttl,
            allow_private_avatar_urls: settings.allow_private_avatar_urls,
            imports,
        }));
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .wrap(ErrorHandlers::new().handler(
                    StatusCode::METHOD_NOT_ALLOWED,
                    api::method_not_allowed_as_404,
                ))
                .wrap(Compress::default())
                .wrap_fn(api::strip_json_suffix)
                .wrap(Logger::new("%a \"%r\" %s %b %Dms"))
                .configure(api::configure)
        })
        .listen(listener)
        .map_err(Error::internal)?;
        if settings.workers > 0 {
            server = server.workers(settings.workers);
        }
        Ok(Application {
            port: addr.port(),
            host: addr.ip().to_string(),
            server: server.run(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn url(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
    }

    /// Serves until SIGINT/SIGTERM, then lets in-flight requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
