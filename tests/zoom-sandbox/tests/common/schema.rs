//! Zoom's own OpenAPI schemas (schema/zoom-meeting-api.openapi.json, an unchanged subset of
//! Zoom's published spec) as JSON Schema validators, for any test that checks an answer's shape.

use jsonschema::{Draft, Validator};
use serde_json::{json, Value};

pub fn openapi() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/zoom-meeting-api.openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// OpenAPI 3.0 schema objects are a dialect of JSON Schema draft 4 ("wright-00"). The
/// adaptation is kept to what that dialect needs:
/// - the operation's schema becomes the root and carries the document's `components`, so any
///   `$ref: "#/components/..."` resolves against it (Zoom's subset happens to inline everything);
/// - `nullable: true` becomes a `"null"` member of `type` (and of `enum`), which draft 4 lacks;
/// - OpenAPI-only keywords (`example`, `deprecated`, `x-*`, `extensions`) and unknown formats
///   such as `int64` are ignored by the validator as unknown keywords and formats.
pub fn validator(doc: &Value, path: &str) -> Validator {
    let mut schema = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"].clone();
    assert!(schema.is_object(), "no 200 schema for {path}");
    nullable_to_draft4(&mut schema);
    if let Some(components) = doc.get("components") {
        schema["components"] = components.clone();
    }
    jsonschema::options().with_draft(Draft::Draft4).should_validate_formats(true).build(&schema).expect("schema compiles")
}

pub fn nullable_to_draft4(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = o.get("type").cloned() {
                    o.insert("type".into(), json!([t, "null"]));
                }
                if let Some(Value::Array(e)) = o.get_mut("enum") {
                    e.push(Value::Null);
                }
            }
            o.values_mut().for_each(nullable_to_draft4);
        }
        Value::Array(a) => a.iter_mut().for_each(nullable_to_draft4),
        _ => {}
    }
}

pub fn assert_valid(v: &Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = v.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{what} breaks Zoom's schema:\n{}\n{instance:#}", errors.join("\n"));
}

/// The validator of the meeting list's 200 answer (`GET /users/{userId}/meetings`).
pub fn meeting_list() -> Validator {
    validator(&openapi(), "/users/{userId}/meetings")
}
