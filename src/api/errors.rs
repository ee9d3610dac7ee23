//! Renders the one error type as HTTP, and maps actix's own extractor failures onto it.

use crate::error::Error;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let Error::Internal(detail) = self {
            log::error!("internal error: {detail}");
        }
        let mut res = HttpResponse::build(self.status_code());
        match self.body() {
            Some(body) => res.json(body),
            None => res.finish(),
        }
    }
}

impl From<actix_web::error::BlockingError> for Error {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Error::internal(format!("blocking pool: {e}"))
    }
}
