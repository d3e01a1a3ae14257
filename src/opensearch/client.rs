//! Talking to a cluster: JSON requests over HTTP(S), with credentials, a
//! CA file for TLS, and retries with backoff when the cluster is busy
//! (429) or a node is briefly unavailable (502, 503, 504, a dropped
//! connection).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use ureq::Agent;

/// How requests are authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// HTTP basic authentication.
    Basic { user: String, password: String },
    /// An API key, sent as `Authorization: ApiKey KEY`.
    ApiKey(String),
}

/// What a cluster connection is made with.
#[derive(Debug, Clone, Default)]
pub struct ClusterOptions {
    /// Credentials, if the cluster asks for them.
    pub auth: Option<Auth>,
    /// PEM file of the certificate authorities to trust for `https://`
    /// (otherwise the usual public roots).
    pub ca_file: Option<PathBuf>,
    /// Attempts of a request the cluster answers busy or unavailable.
    pub attempts: u32,
}

/// A request to the cluster that did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// No answer (connection refused, timeout, TLS failure).
    #[error("cannot reach the OpenSearch cluster at {url}: {message}; is it running? (scripts/opensearch-cluster start 2 starts one here)")]
    Unreachable { url: String, message: String },
    /// The cluster answered with an error.
    #[error("the OpenSearch cluster at {url} refused {what}: HTTP {status}: {reason}")]
    Refused {
        url: String,
        what: String,
        status: u16,
        reason: String,
    },
    /// The cluster answered, but could not serve the request: too busy,
    /// or shards without a copy on a node that is up.
    #[error("the OpenSearch cluster at {url} is unavailable for {what}: {reason}; try again once it is back (its health: {url}/_cluster/health)")]
    Unavailable {
        url: String,
        what: String,
        reason: String,
    },
    /// The CA file cannot be used.
    #[error("cannot use the CA file {}: {message}", path.display())]
    CaFile { path: PathBuf, message: String },
}

/// A connection to one cluster.
#[derive(Clone)]
pub struct Cluster {
    agent: Agent,
    url: String,
    authorization: Option<String>,
    attempts: u32,
}

/// An answer: its status and body.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    /// The body as JSON (`null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// The reason the cluster gives for an error: its `error.reason`, or
    /// the body's opening.
    pub fn reason(&self) -> String {
        let json = self.json();
        let reason = &json["error"]["reason"];
        match reason.as_str() {
            Some(reason) => reason.to_string(),
            None => self.body.chars().take(300).collect(),
        }
    }
}

/// Whether an answer says to try again later.
fn is_busy(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// The wait before attempt `n` (from 1): 100 ms doubling, at most 10 s.
pub(crate) fn backoff(n: u32) -> Duration {
    Duration::from_millis((100u64 << n.min(7)).min(10_000))
}

impl Cluster {
    /// A connection to the cluster at `url` (`http://127.0.0.1:9200`).
    pub fn new(url: &str, options: &ClusterOptions) -> Result<Cluster, ClusterError> {
        let mut config = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(120)));
        if let Some(path) = &options.ca_file {
            config = config.tls_config(tls_with_ca(path)?);
        }
        let authorization = options.auth.as_ref().map(|auth| match auth {
            Auth::Basic { user, password } => {
                format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
            }
            Auth::ApiKey(key) => format!("ApiKey {key}"),
        });
        Ok(Cluster {
            agent: config.build().into(),
            url: url.trim_end_matches('/').to_string(),
            authorization,
            attempts: options.attempts.max(1),
        })
    }

    /// The cluster's address.
    /// How many times a request is tried.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Sends one request, again while the cluster is busy or a node is
    /// unavailable, up to the connection's attempts; `what` names the
    /// request in errors ("creating the index newsdex").
    pub fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
        what: &str,
    ) -> Result<Answer, ClusterError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.send_once(method, path, body) {
                Ok(answer) if is_busy(answer.status) && attempt < self.attempts => {}
                Ok(answer) if is_busy(answer.status) => {
                    return Err(ClusterError::Unavailable {
                        url: self.url.clone(),
                        what: what.to_string(),
                        reason: format!("HTTP {}: {}", answer.status, answer.reason()),
                    })
                }
                Ok(answer) if answer.status >= 400 && answer.status != 404 => {
                    return Err(ClusterError::Refused {
                        url: self.url.clone(),
                        what: what.to_string(),
                        status: answer.status,
                        reason: answer.reason(),
                    })
                }
                Ok(answer) => return Ok(answer),
                Err(_) if attempt < self.attempts => {}
                Err(message) => {
                    return Err(ClusterError::Unreachable {
                        url: self.url.clone(),
                        message,
                    })
                }
            }
            std::thread::sleep(backoff(attempt));
        }
    }

    /// One attempt: the answer, or why there was none.
    fn send_once(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<Answer, String> {
        let url = format!("{}/{}", self.url, path.trim_start_matches('/'));
        let mut request = ureq::http::Request::builder().method(method).uri(&url);
        if let Some(authorization) = &self.authorization {
            request = request.header("Authorization", authorization);
        }
        let result = match body {
            Some((content_type, bytes)) => {
                let request = request
                    .header("Content-Type", content_type)
                    .body(bytes.to_vec())
                    .map_err(|err| err.to_string())?;
                self.agent.run(request)
            }
            None => {
                let request = request.body(()).map_err(|err| err.to_string())?;
                self.agent.run(request)
            }
        };
        let mut response = result.map_err(|err| err.to_string())?;
        let status = response.status().as_u16();
        let body = if method == "HEAD" {
            String::new()
        } else {
            response
                .body_mut()
                .with_config()
                .limit(1 << 30)
                .read_to_string()
                .map_err(|err| err.to_string())?
        };
        Ok(Answer { status, body })
    }

    /// Asks the cluster for its version, once: a cluster that does not
    /// answer at all is reported at once rather than after the retries
    /// meant for a node restarting.
    pub fn check(&self) -> Result<(), ClusterError> {
        let once = Cluster {
            attempts: 1,
            ..self.clone()
        };
        once.json("GET", "", None, "a first request")?;
        Ok(())
    }

    /// A JSON request; the answer's JSON.
    pub fn json(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        what: &str,
    ) -> Result<Answer, ClusterError> {
        let bytes = body.map(|b| serde_json::to_vec(b).expect("JSON values serialize"));
        self.send(
            method,
            path,
            bytes.as_deref().map(|b| ("application/json", b)),
            what,
        )
    }
}

/// TLS trusting the certificates of a PEM file.
fn tls_with_ca(path: &Path) -> Result<ureq::tls::TlsConfig, ClusterError> {
    use ureq::tls::{parse_pem, PemItem, RootCerts, TlsConfig};
    let error = |message: String| ClusterError::CaFile {
        path: path.to_path_buf(),
        message,
    };
    let pem = std::fs::read(path).map_err(|err| error(err.to_string()))?;
    let mut certificates = Vec::new();
    for item in parse_pem(&pem) {
        if let PemItem::Certificate(certificate) = item.map_err(|err| error(err.to_string()))? {
            certificates.push(certificate);
        }
    }
    if certificates.is_empty() {
        return Err(error("it holds no PEM certificate".into()));
    }
    Ok(TlsConfig::builder()
        .root_certs(RootCerts::new_with_certs(&certificates))
        .build())
}

/// Standard base64, for basic authentication.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_base64() {
        assert_eq!(base64(b"admin:admin"), "YWRtaW46YWRtaW4=");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
    }

    #[test]
    fn an_unreachable_cluster_is_named_after_the_attempts() {
        // Port 9 (discard) on loopback: nothing listens there.
        let options = ClusterOptions {
            attempts: 2,
            ..ClusterOptions::default()
        };
        let cluster = Cluster::new("http://127.0.0.1:9/", &options).unwrap();
        let err = cluster.json("GET", "/", None, "its version").err().unwrap();
        let text = err.to_string();
        assert!(
            text.contains("cannot reach the OpenSearch cluster at http://127.0.0.1:9"),
            "{text}"
        );
    }

    #[test]
    fn a_missing_ca_file_is_named() {
        let options = ClusterOptions {
            ca_file: Some("/nonexistent/ca.pem".into()),
            ..ClusterOptions::default()
        };
        let err = Cluster::new("https://127.0.0.1:9200", &options)
            .err()
            .unwrap();
        assert!(err.to_string().contains("/nonexistent/ca.pem"));
    }

    #[test]
    fn waits_grow_and_stop_growing() {
        assert!(backoff(1) < backoff(2));
        assert_eq!(backoff(20), backoff(30));
        assert!(backoff(30) <= Duration::from_secs(10));
    }
}
