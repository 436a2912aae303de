//! The app's tests share the core's test world and add the IPC layer on top.
#![allow(dead_code, unused_imports)]

#[path = "../../core/tests/common/mod.rs"]
mod world;

pub mod ipc;

pub use world::*;
