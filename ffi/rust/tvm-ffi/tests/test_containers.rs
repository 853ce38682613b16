// ffi/rust/tvm-ffi/tests/test_containers.rs: List, Map and Dict through the runtime globals.
//
// These need the soft-ABI globals of SPEC CALL-GLOBAL-SOFT-ABI; each test prints SKIPPED and
// passes when the runtime does not register them yet.
mod common;

use common::expect_err;
use tvm_ffi::{sys, Any, Dict, List, Map, Result, String};

#[test]
fn missing_globals_are_attribute_errors() {
    if tvm_ffi::Function::get_global("ffi.List").is_some() {
        return;
    }
    expect_err(List::<i64>::new(vec![1]), "AttributeError", "`ffi.List`");
}

#[test]
fn lists_build_grow_and_read_directly() -> Result<()> {
    // SPEC: CALL-GLOBAL-SOFT-ABI, LIST-LAYOUT
    require_globals!(Ok; "ffi.List", "ffi.ListAppend", "ffi.ListSetItem", "ffi.ListInsert",
        "ffi.ListErase", "ffi.ListPop", "ffi.ListClear");
    let list: List<i64> = List::new(vec![1, 2, 3])?;
    assert_eq!(Any::from(list.clone()).type_index(), sys::kTVMFFIList);
    assert_eq!(list.len(), 3);
    assert_eq!(list.get(1), Some(2));
    assert_eq!(list.get(3), None);
    list.push(4)?;
    list.set(0, 10)?;
    list.insert(0, 0)?;
    assert_eq!(list.to_vec(), vec![0, 10, 2, 3, 4]);
    assert_eq!(list.pop(1)?, 10);
    list.remove(0)?;
    assert_eq!(list.iter().collect::<Vec<_>>(), vec![2, 3, 4]);
    expect_err(list.set(99, 1), "IndexError", "");
    let shared = list.clone();
    shared.push(5)?;
    assert_eq!(list.len(), 4, "a List is shared, not copied");
    list.clear()?;
    assert!(list.is_empty());
    Ok(())
}

#[test]
fn lists_convert_through_any() -> Result<()> {
    require_globals!(Ok; "ffi.List");
    let list: List<String> = List::new(vec![String::from("a"), String::from("bb")])?;
    let back: List<String> = Any::from(list).cast()?;
    assert_eq!(back.get(1).unwrap(), "bb");
    expect_err(Any::from(1i64).cast::<List>(), "TypeError", "expected `List[Any]`, got `int`");
    Ok(())
}

#[test]
fn maps_look_up_and_iterate_in_insertion_order() -> Result<()> {
    // SPEC: CALL-GLOBAL-SOFT-ABI, MAP-LAYOUT, MAP-ITER-ORDER
    require_globals!(Ok; "ffi.Map", "ffi.MapCount", "ffi.MapGetItem", "ffi.MapForwardIterFunctor");
    let map: Map<String, i64> = Map::new(vec![
        (String::from("one"), 1),
        (String::from("two"), 2),
        (String::from("a long key"), 3),
    ])?;
    assert_eq!(Any::from(map.clone()).type_index(), sys::kTVMFFIMap);
    assert_eq!(map.len(), 3);
    assert_eq!(map.get("two"), Some(2));
    assert_eq!(map.get("a long key"), Some(3));
    assert_eq!(map.get("three"), None);
    assert!(map.contains_key("one")?);
    assert_eq!(map.try_get("three")?, None);
    let keys: Vec<std::string::String> = map.iter().map(|(k, _)| k.to_string()).collect();
    assert_eq!(keys, vec!["one", "two", "a long key"]);
    let untyped: Map = Any::from(map).cast()?;
    assert_eq!(untyped.items()?.len(), 3);
    Ok(())
}

#[test]
fn maps_with_many_entries_use_the_dense_layout() -> Result<()> {
    // SPEC: MAP-DENSE-BLOCK, MAP-FIB-HASH
    require_globals!(Ok; "ffi.Map", "ffi.MapCount", "ffi.MapGetItem", "ffi.MapForwardIterFunctor");
    let entries: Vec<(i64, i64)> = (0..100).map(|i| (i, i * i)).collect();
    let map: Map<i64, i64> = Map::new(entries)?;
    assert_eq!(map.len(), 100);
    assert_eq!(map.get(42), Some(1764));
    assert_eq!(map.get(100), None);
    assert_eq!(map.items()?.len(), 100);
    Ok(())
}

#[test]
fn dicts_are_shared_and_mutable() -> Result<()> {
    require_globals!(Ok; "ffi.Dict", "ffi.DictSetItem", "ffi.DictErase", "ffi.DictClear",
        "ffi.DictCount", "ffi.DictGetItem", "ffi.DictForwardIterFunctor");
    let dict: Dict<String, f64> = Dict::new(vec![(String::from("x"), 1.0)])?;
    assert_eq!(Any::from(dict.clone()).type_index(), sys::kTVMFFIDict);
    let alias = dict.clone();
    alias.insert("y", 2.5)?;
    assert_eq!(dict.len(), 2);
    assert_eq!(dict.get("y"), Some(2.5));
    dict.remove("x")?;
    assert_eq!(dict.items()?, vec![(String::from("y"), 2.5)]);
    dict.clear()?;
    assert!(alias.is_empty());
    expect_err(
        Any::from(dict).cast::<Map>(),
        "TypeError",
        "expected `Map[Any, Any]`, got `ffi.Dict`",
    );
    Ok(())
}

#[test]
fn containers_build_from_rust_collections() -> Result<()> {
    require_globals!(Ok; "ffi.List", "ffi.Map", "ffi.Dict", "ffi.MapCount", "ffi.MapGetItem",
        "ffi.DictCount", "ffi.DictGetItem");
    let list = List::<f64>::try_from(vec![0.5, 1.5])?;
    assert_eq!((list.get(0), list.get(1), list.get(2)), (Some(0.5), Some(1.5), None));
    let hashed: std::collections::HashMap<&str, i64> = [("a", 1), ("b", 2)].into_iter().collect();
    let map = Map::<&str, i64>::try_from(hashed)?;
    assert_eq!(map.len(), 2);
    let map: Map<String, i64> = Any::from(map).cast()?;
    assert_eq!((map.get("a"), map.get("b"), map.get("zz")), (Some(1), Some(2), None));
    let ordered: std::collections::BTreeMap<i64, String> =
        [(2, String::from("two")), (1, String::from("one"))].into_iter().collect();
    let dict = Dict::try_from(ordered)?;
    assert_eq!(dict.get(1).map(|s| s.to_string()), Some("one".to_owned()));
    assert_eq!(dict.get("not an int key"), None, "a key of another type is simply absent");
    let pairs = Dict::<i64, i64>::try_from(vec![(1, 10), (1, 11)])?;
    assert_eq!((pairs.len(), pairs.get(1)), (1, Some(11)), "a later duplicate key wins");
    Ok(())
}
