// ffi/rust/tvm-ffi/src/schema.rs: JSON type schemas, as published in function and field metadata.
//! Type schemas (SPEC MOD-METADATA-SYMBOL): the JSON text that describes a type to other
//! languages, e.g. `{"type":"int"}` or `{"type":"ffi.Array","args":[{"type":"float"}]}`.
//! [`FromAny::type_schema`](crate::FromAny::type_schema) gives the schema of a Rust type;
//! these helpers build and quote the JSON.

/// `{"type":"<key>"}`.
pub fn simple(key: &str) -> String {
    format!("{{\"type\":{}}}", quote(key))
}

/// `{"type":"<key>","args":[<args>...]}`, where each arg is itself a schema.
pub fn with_args(key: &str, args: &[String]) -> String {
    format!("{{\"type\":{},\"args\":[{}]}}", quote(key), args.join(","))
}

/// The schema of a function: `{"type":"ffi.Function","named_args":{"return":[R],"params":[..]}}`,
/// the form the reference emits for typed exports.
pub fn function(ret: &str, params: &[String]) -> String {
    format!(
        "{{\"type\":\"ffi.Function\",\"named_args\":{{\"return\":[{ret}],\"params\":[{}]}}}}",
        params.join(",")
    )
}

/// `{"type_schema":"<schema as a JSON string>"}`: the metadata of an exported function or a
/// reflected field.
pub fn metadata(schema: &str) -> String {
    format!("{{\"type_schema\":{}}}", quote(schema))
}

/// `text` as a JSON string literal, with quotes, backslashes and control characters escaped.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_json_specials() {
        assert_eq!(quote("a\"b\\c\nd\u{1}"), r#""a\"b\\c\nd\u0001""#);
    }

    #[test]
    fn function_schema_has_the_reference_shape() {
        let int = simple("int");
        assert_eq!(
            function(&int, &[int.clone(), simple("float")]),
            r#"{"type":"ffi.Function","named_args":{"return":[{"type":"int"}],"params":[{"type":"int"},{"type":"float"}]}}"#
        );
        assert_eq!(metadata(&int), r#"{"type_schema":"{\"type\":\"int\"}"}"#);
        assert_eq!(
            with_args("ffi.Array", &[int]),
            r#"{"type":"ffi.Array","args":[{"type":"int"}]}"#
        );
    }
}
