fn main() {
    // Migrations are embedded by `sqlx::migrate!`; a new file must rebuild the crate.
    println!("cargo:rerun-if-changed=migrations");
}
