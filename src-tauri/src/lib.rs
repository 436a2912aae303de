pub mod core; pub mod shell; pub mod store; pub use shell::run;
