//! ClientToken idempotency (WIRE.md §6.1): a token seen before with the same parameters gets
//! the first answer again without executing; with other parameters,
//! `IdempotentParameterMismatch`. Executions are counted per token.

use crate::error::EcsError;
use std::collections::HashMap;

/// What a successful execution answered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub request_id: String,
    pub json: serde_json::Value,
    /// Written from the state: an XML answer is this JSON written as XML, never the page's
    /// XML example.
    pub from_state: bool,
}

#[derive(Debug)]
struct Entry {
    /// The action's own parameters, sorted.
    fingerprint: Vec<(String, String)>,
    answer: Answer,
}

/// Tokens are scoped like ECS scopes them: per account (access key) and action.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    by_token: HashMap<Scope, Entry>,
    /// Executions per token, whatever the scope.
    executions: HashMap<String, u64>,
}

/// `(access key id, action, token)`.
pub(crate) type Scope = (String, String, String);

/// The longest token ECS accepts.
pub const MAX_TOKEN_LEN: usize = 64;

/// A token ECS would accept: 1 to 64 ASCII characters.
pub(crate) fn check_token(token: &str) -> Result<(), EcsError> {
    if token.is_empty() || token.len() > MAX_TOKEN_LEN || !token.is_ascii() {
        return Err(EcsError::invalid_parameter(format!(
            "The specified parameter \"ClientToken\" is not valid: it must be 1 to {MAX_TOKEN_LEN} ASCII characters."
        )));
    }
    Ok(())
}

/// The parameters a repeat must match: the action's own, sorted.
pub(crate) fn fingerprint(params: &[(String, String)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = params.to_vec();
    f.sort();
    f
}

impl Tokens {
    /// The stored answer for a repeat, `Err` for a mismatch, `None` for a new token.
    pub fn replay(
        &self,
        scope: &Scope,
        fingerprint: &[(String, String)],
    ) -> Option<Result<Answer, EcsError>> {
        let entry = self.by_token.get(scope)?;
        if entry.fingerprint == fingerprint {
            Some(Ok(entry.answer.clone()))
        } else {
            Some(Err(EcsError::new(
                400,
                "IdempotentParameterMismatch",
                "The specified parameters are different from before with the same ClientToken.",
            )))
        }
    }

    /// Records the first execution under `scope`.
    pub fn record(&mut self, scope: Scope, fingerprint: Vec<(String, String)>, answer: Answer) {
        *self.executions.entry(scope.2.clone()).or_default() += 1;
        self.by_token.insert(
            scope,
            Entry {
                fingerprint,
                answer,
            },
        );
    }

    /// Executions of calls carrying `token` (in any scope).
    pub fn executions(&self, token: &str) -> u64 {
        self.executions.get(token).copied().unwrap_or(0)
    }
}
