fn main() {
    // Migrations are embedded by `sqlx::migrate!`; a new file must rebuild the app.
    println!("cargo:rerun-if-changed=migrations");
    tauri_build::build()
}
