# ffi/python/tvm_ffi/serialization.py: JSON object-graph serialization of FFI values.
"""Serialize FFI values to JSON object-graph text and read them back.

The text has the reference runtime's format (see ``docs/serialization.md``), so graphs written
by either runtime read back on the other. Both functions call globals of ``libtvm_ffi``:
``ffi.ToJSONGraphString`` and ``ffi.FromJSONGraphString``. This module is imported lazily, on
first access to ``tvm_ffi.serialization``.
"""

from __future__ import annotations

from ._function import get_global_func

__all__ = ["from_json_graph_str", "to_json_graph_str"]


def to_json_graph_str(obj: object, metadata: object = None) -> str:
    """Serialize a value to compact JSON object-graph text.

    Parameters
    ----------
    obj : object
        The value: ``None``, ``bool``, ``int``, ``float``, ``str``, ``bytes``, dtypes,
        devices, shapes, containers and reflected objects whose type can be created through
        reflection.
    metadata : object, optional
        A JSON-compatible value stored under the ``"metadata"`` key; omitted when ``None``.

    Returns
    -------
    str
        The JSON text.

    Raises
    ------
    TypeError
        If the graph contains a value whose type cannot be serialized (functions, tensors,
        modules, objects without a creator).
    ValueError
        If a mutable container contains itself, or ``metadata`` is not JSON-compatible.

    Examples
    --------
    >>> to_json_graph_str([1, "a"])
    '{"root_index":2,"nodes":[{"type":"int","data":1},{"type":"ffi.String","data":"a"},{"type":"ffi.Array","data":[0,1]}]}'

    """
    return get_global_func("ffi.ToJSONGraphString")(obj, metadata)


def from_json_graph_str(text: str) -> object:
    """Rebuild a value from JSON object-graph text.

    Parameters
    ----------
    text : str
        Text produced by :func:`to_json_graph_str` (by this runtime or the reference one).

    Returns
    -------
    object
        The value of the root node. Nodes referenced more than once come back as one shared
        object.

    Raises
    ------
    ValueError
        If the text is not valid JSON or not a well-formed graph (missing keys, an index out of
        range or not referring to an earlier node, data of the wrong shape).
    TypeError
        If a node names an unknown type or one that cannot be created through reflection.

    """
    return get_global_func("ffi.FromJSONGraphString")(text)
