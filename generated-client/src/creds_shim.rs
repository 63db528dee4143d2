//! TEMPORARY stand-in for the credentials provider being written on the `creds` branch;
//! replaced at merge by `crate::credentials::CredentialsProvider` (same API).

use crate::credentials::{default_chain, Credentials, CredentialsError};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct CredentialsProvider(Arc<Option<Credentials>>);

impl CredentialsProvider {
    pub fn fixed(c: Credentials) -> Self {
        CredentialsProvider(Arc::new(Some(c)))
    }
    pub fn default_chain() -> Self {
        CredentialsProvider(Arc::new(default_chain().ok()))
    }
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        (*self.0).clone().ok_or(CredentialsError::NotFound)
    }
}
