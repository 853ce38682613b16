# ffi/python/tests/test_structural.py: tvm_ffi.structural (ffi.StructuralEqual and friends).
"""Structural equality, hashing, first mismatches and StructuralKey.

The expected results are the reference runtime's observable behaviour. The object types come
from libtvm_ffi_testing (ffi/cpp/testing/testing.cc), one per structural kind.
"""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from conftest import subprocess_env

import tvm_ffi
import tvm_ffi.testing
from tvm_ffi import (
    StructuralKey,
    get_first_structural_mismatch,
    structural_equal,
    structural_hash,
)
from tvm_ffi.access_path import AccessPath


def _bind(type_key: str) -> type:
    """Return a Python class bound to a testing type (construction through ``__ffi_init__``)."""
    name = type_key.rsplit(".", maxsplit=1)[-1]
    return tvm_ffi.register_object(type_key)(type(name, (tvm_ffi.Object,), {}))


Var = _bind("testing.StructVar")  # free variable; `name` ignored
Add = _bind("testing.StructAdd")  # tree node
Lam = _bind("testing.StructLam")  # tree node; `params` defines variables
Shared = _bind("testing.StructShared")  # DAG node
Const = _bind("testing.StructConst")  # const tree node
Unique = _bind("testing.StructUnique")  # unique instance


def eq(lhs: object, rhs: object, **kwargs: bool) -> bool:
    return structural_equal(lhs, rhs, **kwargs)


def mismatch(lhs: object, rhs: object, **kwargs: bool) -> tuple[str, str] | None:
    """Return the first mismatch as the reprs of the two paths."""
    result = get_first_structural_mismatch(lhs, rhs, **kwargs)
    if result is None:
        return None
    assert isinstance(result, tuple)
    assert len(result) == 2
    assert all(isinstance(path, AccessPath) for path in result)
    return repr(result[0]), repr(result[1])


def test_exports() -> None:
    assert tvm_ffi.structural_equal is tvm_ffi.structural.structural_equal
    assert tvm_ffi.structural_hash is tvm_ffi.structural.structural_hash
    assert tvm_ffi.get_first_structural_mismatch is (
        tvm_ffi.structural.get_first_structural_mismatch
    )
    assert tvm_ffi.StructuralKey is tvm_ffi.structural.StructuralKey
    for name in (
        "structural_equal",
        "structural_hash",
        "get_first_structural_mismatch",
        "StructuralKey",
        "structural",
        "access_path",
    ):
        assert name in tvm_ffi.__all__


def test_import_stays_lazy() -> None:
    code = (
        "import sys, tvm_ffi\n"
        "assert 'tvm_ffi.structural' not in sys.modules\n"
        "assert 'tvm_ffi.access_path' not in sys.modules\n"
        "assert 'tvm_ffi._core' not in sys.modules\n"
        "assert tvm_ffi.structural_equal([1], [1])\n"
        "assert 'tvm_ffi.structural' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


# --- primitive values ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lhs", "rhs", "expected"),
    [
        (1, 1, True),
        (1, 2, False),
        (1, 1.0, False),
        (True, 1, False),
        (True, True, True),
        (False, True, False),
        (1.5, 1.5, True),
        (math.nan, math.nan, True),
        (0.0, -0.0, False),
        (math.inf, math.inf, True),
        ("abc", "abc", True),
        ("abc", "abd", False),
        ("abc", b"abc", False),
        (b"abc", b"abc", True),
        ("", "", True),
        (None, None, True),
        (None, 0, False),
        ("x" * 100, "".join(["x"] * 100), True),
        ("x" * 100, "x" * 99 + "y", False),
        (tvm_ffi.dtype("float32"), tvm_ffi.dtype("float32"), True),
        (tvm_ffi.dtype("float32"), tvm_ffi.dtype("float16"), False),
        (tvm_ffi.device("cpu", 0), tvm_ffi.device("cpu", 0), True),
        (tvm_ffi.device("cpu", 0), tvm_ffi.device("cpu", 1), False),
    ],
)
def test_primitive_equality(lhs: object, rhs: object, expected: bool) -> None:
    assert eq(lhs, rhs) is expected
    assert eq(rhs, lhs) is expected
    if expected:
        assert structural_hash(lhs) == structural_hash(rhs)
        assert mismatch(lhs, rhs) is None
    else:
        assert mismatch(lhs, rhs) == ("<root>", "<root>")


def test_hash_is_an_int64() -> None:
    for value in (0, 1, -1, 2.5, "abc", None, [1, 2], {"a": 1}):
        h = structural_hash(value)
        assert isinstance(h, int)
        assert -(2**63) <= h < 2**63
        assert structural_hash(value) == h  # deterministic within the process


def test_hash_separates_common_values() -> None:
    values = [0, 1, 2, -1, 1.0, 2.5, True, False, None, "a", "b", b"a", [1], [2], [1, 2], {}]
    assert len({structural_hash(v) for v in values}) == len(values)


def test_mismatch_of_different_kinds_is_at_the_root() -> None:
    assert mismatch(1, "a") == ("<root>", "<root>")
    assert mismatch([1], {"a": 1}) == ("<root>", "<root>")
    assert mismatch(None, [1]) == ("<root>", "<root>")


# --- containers ------------------------------------------------------------------------------
def test_arrays() -> None:
    assert eq([1, 2], [1, 2])
    assert eq((1, 2), [1, 2])  # both convert to ffi.Array
    assert eq([], [])
    assert not eq([1, 2], [2, 1])
    assert not eq([1, 2], [1, 2, 3])
    assert eq([[1, "a"], [None]], [[1, "a"], [None]])
    assert structural_hash([1, 2]) == structural_hash([1, 2])
    assert structural_hash([1, 2]) != structural_hash([2, 1])


def test_array_and_list_differ() -> None:
    assert eq(tvm_ffi.List([1, 2]), tvm_ffi.List([1, 2]))
    assert not eq(tvm_ffi.Array([1, 2]), tvm_ffi.List([1, 2]))
    assert not eq(tvm_ffi.List([1, 2]), tvm_ffi.Array([1, 2]))
    assert mismatch(tvm_ffi.Array([1, 2]), tvm_ffi.List([1, 2])) == ("<root>", "<root>")


def test_map_and_dict_differ() -> None:
    assert eq(tvm_ffi.Map({"a": 1}), tvm_ffi.Map({"a": 1}))
    assert eq(tvm_ffi.Dict({"a": 1}), tvm_ffi.Dict({"a": 1}))
    assert not eq(tvm_ffi.Map({"a": 1}), tvm_ffi.Dict({"a": 1}))
    assert not eq(tvm_ffi.Dict({"a": 1}), tvm_ffi.Map({"a": 1}))


def test_maps_ignore_key_order() -> None:
    ab = {"a": 1, "b": 2}
    ba = {"b": 2, "a": 1}
    assert eq(ab, ba)
    assert structural_hash(ab) == structural_hash(ba)
    assert eq(tvm_ffi.Dict(ab), tvm_ffi.Dict(ba))
    assert structural_hash(tvm_ffi.Dict(ab)) == structural_hash(tvm_ffi.Dict(ba))
    assert not eq({"a": 1}, {"a": 2})
    assert not eq({"a": 1}, {"b": 1})
    assert not eq({"a": 1}, {"a": 1, "b": 2})
    assert eq({1: "x", "1": "y"}, {"1": "y", 1: "x"})


def test_array_mismatches() -> None:
    assert mismatch([1, 2], [1, 3]) == ("<root>[1]", "<root>[1]")
    assert mismatch([1, 2], [1, 2, 3]) == ("<root>[<missing:2>]", "<root>[2]")
    assert mismatch([1, 2, 3], [1, 2]) == ("<root>[2]", "<root>[<missing:2>]")
    assert mismatch([], [7]) == ("<root>[<missing:0>]", "<root>[0]")
    assert mismatch([1, 2], [1, 2]) is None


def test_map_mismatches() -> None:
    assert mismatch({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ('<root>["b"]', '<root>["b"]')
    assert mismatch({"a": 1, "b": 2}, {"a": 1}) == ('<root>["b"]', '<root>[<missing:"b">]')
    assert mismatch({"a": 1}, {"a": 1, "c": 2}) == ('<root>[<missing:"c">]', '<root>["c"]')
    assert mismatch({"a": 1}, {"a": 1}) is None


def test_nested_mismatch() -> None:
    lhs = [[1, {"k": [1, 2]}]]
    rhs = [[1, {"k": [1, 5]}]]
    assert mismatch(lhs, rhs) == ('<root>[0][1]["k"][1]', '<root>[0][1]["k"][1]')
    lhs_path, rhs_path = get_first_structural_mismatch(lhs, rhs)
    expected = AccessPath.root().array_item(0).array_item(1).map_item("k").array_item(1)
    assert lhs_path == expected
    assert rhs_path == expected


def test_mismatch_paths_use_missing_steps() -> None:
    lhs_path, rhs_path = get_first_structural_mismatch([1, 2], [1, 2, 3])
    assert lhs_path == AccessPath.root().array_item_missing(2)
    assert rhs_path == AccessPath.root().array_item(2)


def test_shapes() -> None:
    assert eq(tvm_ffi.Shape((1, 2)), tvm_ffi.Shape((1, 2)))
    assert structural_hash(tvm_ffi.Shape((1, 2))) == structural_hash(tvm_ffi.Shape((1, 2)))
    assert not eq(tvm_ffi.Shape((1, 2)), tvm_ffi.Shape((1, 3)))
    assert not eq(tvm_ffi.Shape((1, 2)), tvm_ffi.Shape((1, 2, 3)))
    assert mismatch(tvm_ffi.Shape((1, 2)), tvm_ffi.Shape((1, 3))) == ("<root>", "<root>")


def test_deep_nesting_raises_value_error() -> None:
    def nested(depth: int) -> tvm_ffi.Array:
        value = tvm_ffi.Array([1])
        for _ in range(depth):
            value = tvm_ffi.Array([value])
        return value

    shallow = nested(100)
    assert eq(shallow, nested(100))
    assert structural_hash(shallow) == structural_hash(nested(100))
    deep, deep2 = nested(2000), nested(2000)
    with pytest.raises(ValueError):
        structural_equal(deep, deep2)
    with pytest.raises(ValueError):
        structural_hash(deep)
    with pytest.raises(ValueError):
        get_first_structural_mismatch(deep, deep2)


# --- tensors ---------------------------------------------------------------------------------
def test_tensors() -> None:
    np = pytest.importorskip("numpy")

    def tensor(values: list[float], dtype: str = "float32") -> tvm_ffi.Tensor:
        return tvm_ffi.from_dlpack(np.array(values, dtype=dtype))

    a, a2, b = tensor([1, 2, 3]), tensor([1, 2, 3]), tensor([1, 2, 4])
    assert eq(a, a)
    assert eq(a, a2)
    assert not eq(a, b)
    assert eq(a, b, skip_tensor_content=True)
    assert structural_hash(a) == structural_hash(a2)
    assert structural_hash(a) != structural_hash(b)
    assert structural_hash(a, skip_tensor_content=True) == structural_hash(
        b, skip_tensor_content=True
    )
    assert mismatch(a, a2) is None
    assert mismatch(a, b) is not None
    assert mismatch(a, b, skip_tensor_content=True) is None
    # Dtype and shape always count.
    assert not eq(a, tensor([1, 2, 3], "float64"), skip_tensor_content=True)
    assert not eq(a, tensor([1, 2]), skip_tensor_content=True)
    # Inside containers.
    assert eq([a, {"t": a}], [a2, {"t": a2}])
    assert not eq([a], [b])
    assert eq([a], [b], skip_tensor_content=True)


# --- types without a structural kind ---------------------------------------------------------
def _unsupported() -> list[object]:
    return [
        tvm_ffi.testing.TestIntPair(1, 2),
        tvm_ffi.Function(lambda: None),
        tvm_ffi.testing.echo(object()),  # an opaque Python object
    ]


@pytest.mark.parametrize("index", range(3))
def test_types_without_a_structural_kind_raise(index: int) -> None:
    value = _unsupported()[index]
    with pytest.raises(TypeError, match="StructuralEqual"):
        structural_equal(value, value)
    with pytest.raises(TypeError, match="StructuralEqual"):
        structural_equal([1, value], [1, value])
    with pytest.raises(TypeError, match="StructuralHash"):
        structural_hash(value)
    with pytest.raises(TypeError):
        get_first_structural_mismatch(value, value)
    with pytest.raises(TypeError):
        StructuralKey(value)


def test_unsupported_type_error_names_the_type() -> None:
    pair = tvm_ffi.testing.TestIntPair(1, 2)
    with pytest.raises(TypeError, match=r"testing\.TestIntPair"):
        structural_equal(pair, pair)
    with pytest.raises(TypeError, match=r"testing\.TestIntPair"):
        structural_hash(pair)


@pytest.mark.parametrize("bad", ["x", None, [True]])
def test_options_must_be_bools(bad: object) -> None:
    with pytest.raises(TypeError):
        structural_equal(1, 1, map_free_vars=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        structural_equal(1, 1, skip_tensor_content=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        structural_hash(1, map_free_vars=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        get_first_structural_mismatch(1, 1, map_free_vars=bad)  # type: ignore[arg-type]


def test_missing_arguments() -> None:
    with pytest.raises(TypeError):
        structural_equal(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        structural_hash()  # type: ignore[call-arg]


# --- free variables --------------------------------------------------------------------------
def test_free_vars() -> None:
    x, y = Var("x"), Var("y")
    assert x.name == "x"
    assert eq(x, x)
    assert not eq(x, y)
    assert eq(x, y, map_free_vars=True)
    assert mismatch(x, y) == ("<root>", "<root>")
    assert mismatch(x, y, map_free_vars=True) is None
    assert structural_hash(x) == structural_hash(x)
    assert structural_hash(x) != structural_hash(y)
    assert structural_hash(x, map_free_vars=True) == structural_hash(y, map_free_vars=True)


def test_free_var_name_is_ignored_but_identity_is_not() -> None:
    assert not eq(Var("x"), Var("x"))
    assert eq(Var("x"), Var("other"), map_free_vars=True)


def test_free_vars_in_trees() -> None:
    x, y = Var("x"), Var("y")
    assert eq(Add(x, 1), Add(x, 1))
    assert structural_hash(Add(x, 1)) == structural_hash(Add(x, 1))
    assert not eq(Add(x, x), Add(y, y))
    assert eq(Add(x, x), Add(y, y), map_free_vars=True)
    assert structural_hash(Add(x, x), map_free_vars=True) == structural_hash(
        Add(y, y), map_free_vars=True
    )
    # x maps to y, so the right-hand y is taken when the left-hand y comes.
    assert not eq(Add(x, y), Add(y, y), map_free_vars=True)
    assert mismatch(Add(x, y), Add(y, y), map_free_vars=True) == ("<root>.b", "<root>.b")
    assert eq(Add(x, y), Add(y, x), map_free_vars=True)
    assert mismatch(Add(x, 1), Add(x, 2)) == ("<root>.b", "<root>.b")


def test_lambda_binds_its_params() -> None:
    x, y, z = Var("x"), Var("y"), Var("z")
    lhs, rhs = Lam([x], Add(x, 1)), Lam([y], Add(y, 1))
    assert eq(lhs, rhs)
    assert structural_hash(lhs) == structural_hash(rhs)
    assert mismatch(lhs, rhs) is None
    assert mismatch(Lam([x], Add(x, 1)), Lam([y], Add(y, 2))) == (
        "<root>.body.b",
        "<root>.body.b",
    )
    # z is free on the left, x is free on the right.
    assert mismatch(Lam([x], Add(x, z)), Lam([y], Add(y, x))) == (
        "<root>.body.b",
        "<root>.body.b",
    )
    # Parameters bind in order.
    assert mismatch(Lam([x, y], Add(x, y)), Lam([y, x], Add(x, y))) == (
        "<root>.body.a",
        "<root>.body.a",
    )
    assert mismatch(Lam([x, x], x), Lam([y, z], y)) == ("<root>.params[1]", "<root>.params[1]")
    # x is bound on the left, but free on the right.
    assert mismatch(Lam([x], x), Lam([y], x)) == ("<root>.body", "<root>.body")
    assert not eq(Lam([x], x), Lam([y], x))


def test_definitions_nested_in_the_def_field_count() -> None:
    x, y = Var("x"), Var("y")
    assert eq(Lam(Add(x, 1), x), Lam(Add(y, 1), y))
    assert structural_hash(Lam(Add(x, 1), x)) == structural_hash(Lam(Add(y, 1), y))


def test_free_vars_as_map_keys() -> None:
    x, y = Var("x"), Var("y")
    assert eq({x: 1}, {x: 1})
    assert not eq({x: 1}, {y: 1})
    assert eq(Lam([x], {x: 1}), Lam([y], {y: 1}))
    assert structural_hash(Lam([x], {x: 1})) == structural_hash(Lam([y], {y: 1}))


# --- sharing ---------------------------------------------------------------------------------
def test_tree_nodes_ignore_sharing() -> None:
    a, a2 = Add(1, 2), Add(1, 2)
    assert eq(Add(a, a), Add(a, a2))
    assert eq(Add(a, a2), Add(a, a))
    assert structural_hash(Add(a, a)) == structural_hash(Add(a, a2))


def test_dag_nodes_keep_sharing() -> None:
    d, d2 = Shared(1, 2), Shared(1, 2)
    assert eq(d, d2)
    assert structural_hash(d) == structural_hash(d2)
    assert not eq(Add(d, d), Add(d, d2))
    assert mismatch(Add(d, d), Add(d, d2)) == ("<root>.b", "<root>.b")
    assert not eq(Add(d, d2), Add(d, d))
    assert eq(Add(d, d), Add(d2, d2))
    assert eq(Add(d, d2), Add(d2, d))
    assert structural_hash(Add(d, d)) != structural_hash(Add(d, d2))
    assert structural_hash(Add(d, d)) == structural_hash(Add(d2, d2))


def test_const_tree_nodes() -> None:
    assert eq(Const(1), Const(1))
    assert structural_hash(Const(1)) == structural_hash(Const(1))
    assert not eq(Const(1), Const(2))
    assert mismatch(Const(1), Const(2)) == ("<root>.v", "<root>.v")


def test_unique_instances() -> None:
    u = Unique(1)
    assert eq(u, u)
    assert not eq(Unique(1), Unique(1))
    assert mismatch(Unique(1), Unique(1)) == ("<root>", "<root>")
    assert eq([u], [u])
    assert structural_hash(u) == structural_hash(u)


# --- StructuralKey ---------------------------------------------------------------------------
def test_structural_key_fields_and_repr() -> None:
    k = StructuralKey([1, 2])
    assert isinstance(k, StructuralKey)
    assert list(k.key) == [1, 2]
    assert k.hash_i64 == structural_hash([1, 2])
    assert repr(k).startswith("ffi.StructuralKey(key=(1, 2), hash_i64=")
    with pytest.raises(AttributeError):
        k.hash_i64 = 1


def test_structural_key_equality_and_hash() -> None:
    k1, k2, k3 = StructuralKey([1, 2]), StructuralKey([1, 2]), StructuralKey([1, 3])
    assert k1 == k2
    assert not (k1 != k2)
    assert hash(k1) == hash(k2)
    assert hash(k1) == hash(k1.hash_i64)
    assert k1 != k3
    assert k1 != [1, 2]
    assert k1 != None  # noqa: E711
    assert StructuralKey({"a": 1, "b": 2}) == StructuralKey({"b": 2, "a": 1})


def test_structural_keys_in_dicts_and_sets() -> None:
    cache = {StructuralKey([1, 2]): "a", StructuralKey({"k": "v"}): "b"}
    assert cache[StructuralKey([1, 2])] == "a"
    assert cache[StructuralKey({"k": "v"})] == "b"
    assert StructuralKey([1, 3]) not in cache
    assert len({StructuralKey([1, 2]), StructuralKey([1, 2]), StructuralKey((1, 2))}) == 1
    x, y = Var("x"), Var("y")
    assert StructuralKey(Lam([x], Add(x, 1))) in {StructuralKey(Lam([y], Add(y, 1)))}


def test_structural_key_from_the_runtime() -> None:
    made = tvm_ffi.get_global_func("ffi.StructuralKey")([1, 2])
    assert isinstance(made, StructuralKey)
    assert made == StructuralKey([1, 2])
    assert tvm_ffi.get_global_func("ffi.StructuralKeyEqual")(made, StructuralKey([1, 2]))
    assert StructuralKey(None) == StructuralKey(None)
