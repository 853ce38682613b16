// ffi/rust/tvm-ffi/examples/quickstart.rs: the runnable example of docs/rust.md.
// Run it with `cargo run --example quickstart`.
use tvm_ffi::{define_object, Any, Array, Error, Function, Object, ObjectArc, Result, Tensor};

define_object! {
    /// A reflected object: Python and C++ can read `name` and `score`.
    pub struct PlayerObj: Object = "quickstart.Player" {
        pub name: tvm_ffi::String,
        pub score: i64,
    }
}

fn main() -> Result<()> {
    // 1. A typed Rust function becomes an FFI function, callable from any language.
    let add = Function::from_typed_named("add", |a: i64, b: i64| a + b);
    add.register_global("quickstart.add", true)?;
    let sum: i64 = Function::get_global_or_err("quickstart.add")?.call((40, 2))?.cast()?;
    println!("quickstart.add(40, 2) = {sum}");

    // 2. Wrong arguments are errors that name the argument and the expected type.
    let err = add.call((1, "two")).unwrap_err();
    println!("{err}");

    // 3. Errors keep their kind across calls, and panics become RuntimeErrors.
    let checked = Function::from_typed(|x: i64| -> Result<i64> {
        tvm_ffi::ensure!(x >= 0, ValueError, "expected a non-negative number, got {x}");
        Ok(x * 2)
    });
    assert_eq!(checked.call((-1,)).unwrap_err().kind(), "ValueError");
    // (Rust's default panic hook still prints "thread 'main' panicked ... oops" to stderr.)
    let panicky = Function::from_closure(|_| -> Result<Any> { panic!("oops") });
    let err: Error = panicky.call(()).unwrap_err();
    println!("a panic became {}", err.kind());

    // 4. Containers, tensors and objects.
    let scores: Array<i64> = vec![3, 5, 8].into();
    println!("scores = {scores:?}, total = {}", scores.iter().sum::<i64>());
    let t = Tensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0], &[2, 2])?;
    println!("tensor {t:?} holds {:?}", t.as_slice::<f32>()?);
    let player =
        ObjectArc::new(PlayerObj { base: Object::default(), name: "ada".into(), score: 42 });
    println!("{} has {} points", player.name, player.score);
    Ok(())
}
