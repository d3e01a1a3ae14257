//! The cluster index: created with newsdex's settings and mapping when
//! absent, checked when present.

use serde_json::Value;

use super::client::{Cluster, ClusterError};
use super::mapping::{index_body, Mapping};
use crate::schema::IndexSchema;

/// What [`ensure_index`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexState {
    /// It was created now.
    Created,
    /// It was there, made by this version of the schema.
    Existing,
}

/// Why a cluster index cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Cluster(#[from] ClusterError),
    /// No index by that name.
    #[error("the OpenSearch cluster at {url} has no index {index}; index an archive into it first (newsdex index --opensearch {url} --os-index {index} ARCHIVE), or name another with --os-index")]
    Missing {
        /// The cluster.
        url: String,
        /// The index asked for.
        index: String,
    },
    /// An index that newsdex did not make, or made with another schema.
    #[error("the index {index} on {url} {problem}; choose another with --os-index, or delete it (curl -XDELETE {url}/{index}) to index again")]
    Mismatch {
        url: String,
        index: String,
        problem: String,
    },
}

/// Creates the index `name` when the cluster has none, or checks that the
/// one there was made by this schema.
pub fn ensure_index(
    cluster: &Cluster,
    name: &str,
    schema: &IndexSchema,
    mapping: Mapping,
) -> Result<IndexState, SetupError> {
    let found = cluster.send("HEAD", name, None, &format!("looking up the index {name}"))?;
    if found.status == 404 {
        let body = index_body(schema, mapping);
        let created = cluster.json(
            "PUT",
            name,
            Some(&body),
            &format!("creating the index {name}"),
        );
        match created {
            Ok(_) => return Ok(IndexState::Created),
            // Another run created it meanwhile: checked below.
            Err(ClusterError::Refused { reason, .. }) if reason.contains("already exists") => {}
            Err(err) => return Err(err.into()),
        }
    }
    check_index(cluster, name, schema)?;
    Ok(IndexState::Existing)
}

/// Checks that the index `name` on the cluster exists and was made by
/// this schema.
pub fn check_index(cluster: &Cluster, name: &str, schema: &IndexSchema) -> Result<(), SetupError> {
    let answer = cluster.json(
        "GET",
        &format!("{name}/_mapping"),
        None,
        &format!("reading the mapping of {name}"),
    )?;
    if answer.status == 404 {
        return Err(SetupError::Missing {
            url: cluster.url().to_string(),
            index: name.to_string(),
        });
    }
    let json = answer.json();
    let meta = json
        .as_object()
        .and_then(|indices| indices.values().next())
        .map(|index| &index["mappings"]["_meta"])
        .cloned()
        .unwrap_or(Value::Null);
    let mismatch = |problem: String| SetupError::Mismatch {
        url: cluster.url().to_string(),
        index: name.to_string(),
        problem,
    };
    match meta["newsdex_schema_version"].as_u64() {
        None => Err(mismatch("was not made by newsdex".into())),
        Some(version) if version != u64::from(schema.spec.version) => Err(mismatch(format!(
            "was made with schema version {version}; this newsdex writes version {}",
            schema.spec.version
        ))),
        Some(_) if meta["newsdex_layout"].as_u64() != Some(super::mapping::LAYOUT) => Err(
            mismatch("was made by an earlier newsdex, which analysed text on the cluster".into()),
        ),
        Some(_) => Ok(()),
    }
}
