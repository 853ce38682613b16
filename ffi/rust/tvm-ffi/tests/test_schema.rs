// ffi/rust/tvm-ffi/tests/test_schema.rs: JSON type schemas of Rust types and typed functions.
use tvm_ffi::{
    Any, Array, Bytes, DataType, Device, Dict, FromAny, Function, List, Map, ObjectArc, Result,
    Shape, String, Tensor, TypedFn,
};

fn schema<T: FromAny>() -> std::string::String {
    T::type_schema()
}

fn function_schema<F: TypedFn<Args, R>, Args, R>(_: &F) -> std::string::String {
    F::type_schema()
}

#[test]
fn scalar_and_string_schemas_use_the_reference_type_keys() {
    // SPEC: MOD-METADATA-SYMBOL
    for (got, want) in [
        (schema::<i64>(), r#"{"type":"int"}"#),
        (schema::<u8>(), r#"{"type":"int"}"#),
        (schema::<usize>(), r#"{"type":"int"}"#),
        (schema::<f32>(), r#"{"type":"float"}"#),
        (schema::<bool>(), r#"{"type":"bool"}"#),
        (schema::<()>(), r#"{"type":"None"}"#),
        (schema::<Any>(), r#"{"type":"Any"}"#),
        (schema::<String>(), r#"{"type":"ffi.String"}"#),
        (schema::<std::string::String>(), r#"{"type":"ffi.String"}"#),
        (schema::<Bytes>(), r#"{"type":"ffi.Bytes"}"#),
        (schema::<Vec<u8>>(), r#"{"type":"ffi.Bytes"}"#),
        (schema::<Device>(), r#"{"type":"Device"}"#),
        (schema::<DataType>(), r#"{"type":"DataType"}"#),
        (schema::<Tensor>(), r#"{"type":"ffi.Tensor"}"#),
        (schema::<Shape>(), r#"{"type":"ffi.Shape"}"#),
        (schema::<Function>(), r#"{"type":"ffi.Function"}"#),
        (schema::<ObjectArc<tvm_ffi::Object>>(), r#"{"type":"ffi.Object"}"#),
    ] {
        assert_eq!(got, want);
    }
}

#[test]
fn container_and_optional_schemas_list_their_arguments() {
    assert_eq!(schema::<Option<i64>>(), r#"{"type":"Optional","args":[{"type":"int"}]}"#);
    assert_eq!(schema::<Array<f64>>(), r#"{"type":"ffi.Array","args":[{"type":"float"}]}"#);
    assert_eq!(schema::<List<String>>(), r#"{"type":"ffi.List","args":[{"type":"ffi.String"}]}"#);
    assert_eq!(
        schema::<Map<String, Array<i64>>>(),
        r#"{"type":"ffi.Map","args":[{"type":"ffi.String"},{"type":"ffi.Array","args":[{"type":"int"}]}]}"#
    );
    assert_eq!(
        schema::<Dict<i64, Any>>(),
        r#"{"type":"ffi.Dict","args":[{"type":"int"},{"type":"Any"}]}"#
    );
}

#[test]
fn typed_function_schemas_name_return_and_params() {
    fn add(a: i64, b: f64) -> f64 {
        a as f64 + b
    }
    fn fallible(_: Option<Tensor>) -> Result<Array<i64>> {
        Ok(Array::default())
    }
    fn unit() {}
    fn label(_: i64) -> &'static str {
        "x"
    }
    assert_eq!(
        function_schema(&add),
        r#"{"type":"ffi.Function","named_args":{"return":[{"type":"float"}],"params":[{"type":"int"},{"type":"float"}]}}"#
    );
    assert_eq!(
        function_schema(&fallible),
        r#"{"type":"ffi.Function","named_args":{"return":[{"type":"ffi.Array","args":[{"type":"int"}]}],"params":[{"type":"Optional","args":[{"type":"ffi.Tensor"}]}]}}"#
    );
    assert_eq!(
        function_schema(&unit),
        r#"{"type":"ffi.Function","named_args":{"return":[{"type":"None"}],"params":[]}}"#
    );
    assert_eq!(
        function_schema(&label),
        r#"{"type":"ffi.Function","named_args":{"return":[{"type":"ffi.String"}],"params":[{"type":"int"}]}}"#
    );
    // A `&'static str` result still reaches the caller as a String.
    let f = Function::from_typed(label);
    assert_eq!(f.call((1,)).unwrap().cast::<std::string::String>().unwrap(), "x");
}
