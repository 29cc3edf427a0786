//! The error responses of each operation as one Rust type in `crate::errors`: the names of
//! the type and of its variants, and which operations share one enum.
//!
//! Run after the types have their final ids (`post`), since two operations share an enum
//! exactly when they declare the same statuses with the same bodies.

use super::Lowerer;
use super::content::reason;
use super::schema::unique;
use crate::ir::{Failure, Outcome, Payload, Status};

impl Lowerer<'_> {
    /// Gives every operation its `Failure`, one that declares no error response too (an enum
    /// of `Undeclared` alone, shared): a program's types then stay the same when the spec
    /// adds the operation's first error response.
    pub(super) fn name_failures(&mut self) {
        let mut taken: Vec<String> = Vec::new();
        // The first operation of each distinct set of declared responses, by index.
        let mut firsts: Vec<usize> = Vec::new();
        for i in 0..self.operations.len() {
            let op = &self.operations[i];
            let name = unique(&format!("{}Error", op.call), |n| {
                taken.iter().any(|t| t == n)
            });
            taken.push(name.clone());
            let first = firsts
                .iter()
                .copied()
                .find(|&j| same_responses(&self.operations[j].errors, &op.errors));
            let same_as = first
                .and_then(|j| self.operations[j].failure.as_mut())
                .map(|f| {
                    f.shared = true;
                    f.name.clone()
                });
            if first.is_none() {
                firsts.push(i);
            }
            let op = &self.operations[i];
            let mut variants: Vec<(String, Outcome)> = Vec::new();
            for outcome in &op.errors {
                let base = match outcome.status {
                    Status::Code(c) => {
                        reason(c).map_or_else(|| format!("Status{c}"), str::to_owned)
                    }
                    Status::Class(c) => class_name(c),
                    Status::Default => "Default".to_owned(),
                };
                let rust = unique(&base, |n| variants.iter().any(|(v, _)| v == n));
                variants.push((rust, outcome.clone()));
            }
            let undeclared = unique("Undeclared", |n| variants.iter().any(|(v, _)| v == n));
            self.operations[i].failure = Some(Failure {
                name,
                same_as,
                shared: false,
                variants,
                undeclared,
            });
        }
    }
}

/// The variant of a status class (`4XX`).
fn class_name(digit: u16) -> String {
    match digit {
        1 => "Informational".to_owned(),
        3 => "Redirection".to_owned(),
        4 => "ClientError".to_owned(),
        5 => "ServerError".to_owned(),
        d => format!("Status{d}xx"),
    }
}

/// Whether two operations declare the same statuses with the same bodies (their
/// descriptions may differ: the shared enum's docs are the first operation's).
fn same_responses(a: &[Outcome], b: &[Outcome]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.status == y.status
                && match (&x.payload, &y.payload) {
                    (Payload::Json(t), Payload::Json(u)) => t == u,
                    // Bodies that are not JSON are not typed: only their status counts.
                    (Payload::Json(_), _) | (_, Payload::Json(_)) => false,
                    _ => true,
                }
        })
}
