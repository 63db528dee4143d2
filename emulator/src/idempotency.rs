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
}

#[derive(Debug)]
struct Entry {
    /// The action and its own parameters, sorted.
    fingerprint: Vec<(String, String)>,
    answer: Answer,
    executions: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Tokens {
    by_token: HashMap<String, Entry>,
}

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

pub(crate) fn fingerprint(action: &str, params: &[(String, String)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = params.to_vec();
    f.push(("\0action".to_string(), action.to_string()));
    f.sort();
    f
}

impl Tokens {
    /// The stored answer for a repeat, `Err` for a mismatch, `None` for a new token.
    pub fn replay(
        &self,
        token: &str,
        fingerprint: &[(String, String)],
    ) -> Option<Result<Answer, EcsError>> {
        let entry = self.by_token.get(token)?;
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

    /// Records the first execution under `token`.
    pub fn record(&mut self, token: &str, fingerprint: Vec<(String, String)>, answer: Answer) {
        let e = self.by_token.entry(token.to_string()).or_insert(Entry {
            fingerprint,
            answer,
            executions: 0,
        });
        e.executions += 1;
    }

    pub fn executions(&self, token: &str) -> u64 {
        self.by_token.get(token).map_or(0, |e| e.executions)
    }
}
