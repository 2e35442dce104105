//! The subcommands of the `letterscope` tool.

pub mod show;
