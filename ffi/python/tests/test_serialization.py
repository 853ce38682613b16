# ffi/python/tests/test_serialization.py: tvm_ffi.serialization and the ffi.*JSONGraph* globals.
"""JSON object-graph serialization.

Formats observed from the reference runtime, round trips and the errors malformed graphs raise.
"""

from __future__ import annotations

import math

import pytest

import tvm_ffi
import tvm_ffi.testing
from tvm_ffi.serialization import from_json_graph_str, to_json_graph_str

# Value -> text, as the reference runtime writes it.
REFERENCE_TEXTS = [
    (1, '{"root_index":0,"nodes":[{"type":"int","data":1}]}'),
    (-5, '{"root_index":0,"nodes":[{"type":"int","data":-5}]}'),
    (2.5, '{"root_index":0,"nodes":[{"type":"float","data":2.5}]}'),
    (1.0, '{"root_index":0,"nodes":[{"type":"float","data":1.0}]}'),
    (True, '{"root_index":0,"nodes":[{"type":"bool","data":true}]}'),
    (None, '{"root_index":0,"nodes":[{"type":"None"}]}'),
    ("abc", '{"root_index":0,"nodes":[{"type":"ffi.String","data":"abc"}]}'),
    (b"xy", '{"root_index":0,"nodes":[{"type":"ffi.Bytes","data":"eHk="}]}'),
    (b"\x00\xff", '{"root_index":0,"nodes":[{"type":"ffi.Bytes","data":"AP8="}]}'),
    (2**70, '{"root_index":0,"nodes":[{"type":"ffi.BigInt","data":"1180591620717411303424"}]}'),
    (-(2**70), '{"root_index":0,"nodes":[{"type":"ffi.BigInt","data":"-1180591620717411303424"}]}'),
    (
        [1, "a", [2]],
        '{"root_index":4,"nodes":[{"type":"int","data":1},{"type":"ffi.String","data":"a"},'
        '{"type":"int","data":2},{"type":"ffi.Array","data":[2]},'
        '{"type":"ffi.Array","data":[0,1,3]}]}',
    ),
    (
        [1, 1, "a", "a", 2.5, 2.5],
        '{"root_index":3,"nodes":[{"type":"int","data":1},{"type":"ffi.String","data":"a"},'
        '{"type":"float","data":2.5},{"type":"ffi.Array","data":[0,0,1,1,2,2]}]}',
    ),
    (
        [1, True, 1.0],
        '{"root_index":3,"nodes":[{"type":"int","data":1},{"type":"bool","data":true},'
        '{"type":"float","data":1.0},{"type":"ffi.Array","data":[0,1,2]}]}',
    ),
    ([], '{"root_index":0,"nodes":[{"type":"ffi.Array","data":[]}]}'),
    (
        {"b": 1, "a": 2},
        '{"root_index":4,"nodes":[{"type":"ffi.String","data":"b"},{"type":"int","data":1},'
        '{"type":"ffi.String","data":"a"},{"type":"int","data":2},'
        '{"type":"ffi.Map","data":[0,1,2,3]}]}',
    ),
    (
        [[1], [1]],
        '{"root_index":3,"nodes":[{"type":"int","data":1},{"type":"ffi.Array","data":[0]},'
        '{"type":"ffi.Array","data":[0]},{"type":"ffi.Array","data":[1,2]}]}',
    ),
]


@pytest.mark.parametrize(("value", "text"), REFERENCE_TEXTS)
def test_reference_format(value: object, text: str) -> None:
    assert to_json_graph_str(value) == text


@pytest.mark.parametrize(("value", "text"), REFERENCE_TEXTS)
def test_reads_reference_text(value: object, text: str) -> None:
    back = from_json_graph_str(text)
    if isinstance(value, list):
        assert len(back) == len(value)
    elif isinstance(value, dict):
        assert dict(back.items()) == value
    else:
        assert back == value
    assert to_json_graph_str(back) == text


def test_special_values() -> None:
    assert (
        to_json_graph_str(tvm_ffi.dtype("float32"))
        == '{"root_index":0,"nodes":[{"type":"DataType","data":"float32"}]}'
    )
    assert (
        to_json_graph_str(tvm_ffi.Device("cuda", 1))
        == '{"root_index":0,"nodes":[{"type":"Device","data":[2,1]}]}'
    )
    assert (
        to_json_graph_str(tvm_ffi.Shape((1, 2)))
        == '{"root_index":0,"nodes":[{"type":"ffi.Shape","data":[1,2]}]}'
    )
    assert (
        to_json_graph_str(float("nan")) == '{"root_index":0,"nodes":[{"type":"float","data":NaN}]}'
    )
    assert math.isnan(from_json_graph_str(to_json_graph_str(float("nan"))))
    assert str(from_json_graph_str(to_json_graph_str(tvm_ffi.dtype("int8")))) == "int8"
    assert tuple(from_json_graph_str(to_json_graph_str(tvm_ffi.Shape((3, 4))))) == (3, 4)


def test_list_and_dict_keep_their_types() -> None:
    lst = from_json_graph_str(to_json_graph_str(tvm_ffi.List([1, 2])))
    assert isinstance(lst, tvm_ffi.List)
    assert list(lst) == [1, 2]
    dct = from_json_graph_str(to_json_graph_str(tvm_ffi.Dict({"a": 1})))
    assert isinstance(dct, tvm_ffi.Dict)
    assert dct["a"] == 1


def test_metadata() -> None:
    text = to_json_graph_str([1], {"note": "x"})
    assert text == (
        '{"root_index":1,"nodes":[{"type":"int","data":1},{"type":"ffi.Array","data":[0]}],'
        '"metadata":{"note":"x"}}'
    )
    assert list(from_json_graph_str(text)) == [1]


def test_reflected_object() -> None:
    obj = tvm_ffi.testing.TestObjectDerived(v_map={"k": 1}, v_array=[1, 1, "a", "a"], v_i64=7)
    text = (
        '{"root_index":6,"nodes":[{"type":"ffi.String","data":"hello"},'
        '{"type":"ffi.String","data":"k"},{"type":"int","data":1},'
        '{"type":"ffi.Map","data":[1,2]},{"type":"ffi.String","data":"a"},'
        '{"type":"ffi.Array","data":[2,2,4,4]},{"type":"testing.TestObjectDerived",'
        '"data":{"v_i64":7,"v_f64":10.0,"v_str":0,"v_map":3,"v_array":5}}]}'
    )
    assert to_json_graph_str(obj) == text
    back = from_json_graph_str(text)
    assert isinstance(back, tvm_ffi.testing.TestObjectDerived)
    assert back.v_i64 == 7
    assert back.v_str == "hello"
    assert back.v_map["k"] == 1
    assert list(back.v_array) == [1, 1, "a", "a"]


def test_shared_object_stays_shared() -> None:
    obj = tvm_ffi.testing.TestObjectBase(v_i64=1, v_f64=2.0, v_str="s")
    text = to_json_graph_str([obj, obj])
    assert text.endswith('{"type":"ffi.Array","data":[1,1]}]}')
    back = from_json_graph_str(text)
    assert back[0].same_as(back[1])


def test_unsupported_values() -> None:
    func = tvm_ffi.get_global_func("ffi.ToJSONGraphString")
    with pytest.raises(TypeError, match=r"ffi\.Function"):
        to_json_graph_str(func)
    with pytest.raises(TypeError, match=r"ffi\.ToJSONGraph"):
        to_json_graph_str([1, object()])
    cyclic = tvm_ffi.List([1])
    cyclic.append(cyclic)
    with pytest.raises(ValueError, match=r"ffi\.ToJSONGraph"):
        to_json_graph_str(cyclic)
    cyclic.clear()


MALFORMED = [
    ("[1]", ValueError, "expected a JSON object"),
    ('{"root_index":0}', ValueError, "`nodes`"),
    ('{"nodes":[]}', ValueError, "`root_index`"),
    ('{"root_index":1,"nodes":[{"type":"int","data":1}]}', ValueError, "out of range"),
    ('{"root_index":0,"nodes":[{"type":"int"}]}', ValueError, "node 0: .*no `data`"),
    ('{"root_index":0,"nodes":[{"data":1}]}', ValueError, "node 0: .*`type`"),
    ('{"root_index":0,"nodes":[{"type":"nope.Type","data":1}]}', TypeError, "nope.Type"),
    ('{"root_index":0,"nodes":[{"type":"ffi.Tensor","data":"a"}]}', TypeError, "ffi.Tensor"),
    ('{"root_index":0,"nodes":[{"type":"int","data":"x"}]}', ValueError, "an integer"),
    (
        '{"root_index":1,"nodes":[{"type":"int","data":1},{"type":"ffi.Array","data":[5]}]}',
        ValueError,
        "node 1: .*earlier node",
    ),
    ('{"root_index":0,"nodes":[{"type":"ffi.Array","data":[0]}]}', ValueError, "earlier node"),
    (
        '{"root_index":1,"nodes":[{"type":"ffi.Array","data":[1]},'
        '{"type":"ffi.Array","data":[0]}]}',
        ValueError,
        "earlier node",
    ),
    (
        '{"root_index":1,"nodes":[{"type":"int","data":2},{"type":"ffi.Array","data":[true]}]}',
        ValueError,
        "node index",
    ),
    (
        '{"root_index":1,"nodes":[{"type":"int","data":1},{"type":"ffi.Map","data":[0]}]}',
        ValueError,
        "pairs",
    ),
    ('{"root_index":0,"nodes":[{"type":"ffi.Shape","data":5}]}', ValueError, "array"),
    ('{"root_index":0,"nodes":[{"type":"Device","data":[2,1,3]}]}', ValueError, "Device"),
    ('{"root_index":0,"nodes":[{"type":"ffi.Bytes","data":"YQ"}]}', ValueError, "base64"),
    ('{"root_index":0,"nodes":[{"type":"ffi.BigInt","data":"12x"}]}', ValueError, "decimal"),
    ('{"root_index":0,"nodes":[{"type":"DataType","data":"floatx"}]}', ValueError, "node 0"),
    (
        '{"root_index":0,"nodes":[{"type":"testing.TestObjectDerived","data":{}}]}',
        TypeError,
        "v_map",
    ),
    (
        '{"root_index":0,"nodes":[{"type":"testing.TestObjectBase","data":[1]}]}',
        ValueError,
        "an object",
    ),
    ("not json", ValueError, "Expecting value"),
]


@pytest.mark.parametrize(("text", "error", "pattern"), MALFORMED)
def test_malformed_graphs(text: str, error: type[Exception], pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        from_json_graph_str(text)


def test_lenient_parts() -> None:
    # Unknown keys and unreachable nodes are ignored, as the reference runtime does.
    text = '{"root_index":0,"nodes":[{"type":"int","data":1,"x":2},{"type":"nope"}],"extra":5}'
    assert from_json_graph_str(text) == 1
    pair = from_json_graph_str(
        '{"root_index":0,"nodes":[{"type":"testing.TestObjectBase","data":{"zzz":3}}]}'
    )
    assert pair.v_i64 == 10
