//! Response builders shared by the services and the control API: JSON, XML, and the AWS Query
//! (`ErrorResponse`) error shape STS uses.

use hyper::{header, Body, Response, StatusCode};

use crate::encoding::xml_escape;

/// The XML namespace of STS responses (API version 2011-06-15).
pub const STS_NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A JSON response.
pub fn json(code: u16, value: &serde_json::Value) -> Response<Body> {
    Response::builder()
        .status(status(code))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(value.to_string()))
        .expect("static response parts are valid")
}

/// An XML response carrying the request id the way AWS does (`x-amzn-RequestId`).
pub fn xml(code: u16, request_id: &str, body: String) -> Response<Body> {
    Response::builder()
        .status(status(code))
        .header(header::CONTENT_TYPE, "text/xml")
        .header("x-amzn-RequestId", request_id)
        .body(Body::from(body))
        .expect("static response parts are valid")
}

/// Who is at fault, in AWS Query errors: `Sender` (client) or `Receiver` (server).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Sender,
    Receiver,
}

/// STS's error document:
/// `<ErrorResponse xmlns=…><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
/// Note that `RequestId` sits beside `Error`, not inside a `ResponseMetadata`.
pub fn sts_error(code: u16, fault: Fault, error_code: &str, message: &str, request_id: &str) -> Response<Body> {
    let body = format!(
        "<ErrorResponse xmlns=\"{ns}\">\n  <Error>\n    <Type>{t}</Type>\n    <Code>{c}</Code>\n    \
         <Message>{m}</Message>\n  </Error>\n  <RequestId>{r}</RequestId>\n</ErrorResponse>\n",
        ns = STS_NAMESPACE,
        t = if fault == Fault::Sender { "Sender" } else { "Receiver" },
        c = xml_escape(error_code),
        m = xml_escape(message),
        r = xml_escape(request_id),
    );
    xml(code, request_id, body)
}
