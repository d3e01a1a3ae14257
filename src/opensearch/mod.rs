//! newsdex on an OpenSearch cluster: the same articles and searches, kept
//! by the distributed engine an archive too big for one machine needs.
//!
//! [`mapping`] turns `index-schema/` into the cluster index's settings and
//! mapping, [`document`] an article into a cluster document, [`client`]
//! talks to the cluster, [`setup`] creates or checks its index and
//! [`load`] indexes an archive into it; [`query`] and [`search`] run the
//! searches of [`crate::search`] on it.

pub mod client;
pub mod document;
pub mod load;
pub mod mapping;
pub mod query;
pub mod search;
pub mod setup;

pub use client::{Auth, Cluster, ClusterError, ClusterOptions};
pub use document::{from_json, to_json, JsonDocument};
pub use load::{load_archive, LoadOptions, LoadSummary};
pub use mapping::{index_body, Mapping};
pub use search::ClusterIndex;
pub use setup::{check_index, ensure_index, IndexState, SetupError};
