//! Readers that turn input into a [`Document`](crate::Document).

pub mod markdown;
pub mod plain;
