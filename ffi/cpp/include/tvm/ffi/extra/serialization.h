// ffi/cpp/include/tvm/ffi/extra/serialization.h: FFI values <-> JSON object graphs.
//
// A value becomes a JSON object {"root_index": i, "nodes": [...], "metadata": ...} (metadata only
// when given). Each node is {"type": type_key, "data": ...}; children come before their parents,
// so every index inside a node refers to an earlier node. Equal primitive values (int, float,
// bool, None, strings, bytes, big integers, dtypes, devices) share one node; objects are shared
// by identity. The format is the reference runtime's: graphs written by either runtime read back
// on the other. See docs/serialization.md for the node kinds.
#ifndef TVM_FFI_EXTRA_SERIALIZATION_H_
#define TVM_FFI_EXTRA_SERIALIZATION_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/extra/base.h>
#include <tvm/ffi/extra/json.h>

namespace tvm {
namespace ffi {

/*!
 * \brief Writes `value` as a JSON object graph.
 * \param value The value: primitives, strings, bytes, containers, shapes and reflected objects
 *        whose type has a creator (or `__data_to_json__`).
 * \param metadata Stored verbatim under "metadata" unless it is None.
 * \return The graph, a json::Object. Throws TypeError for unsupported types and ValueError for a
 *         container that contains itself.
 */
TVM_FFI_EXTRA_CXX_API json::Value ToJSONGraph(const Any& value, const Any& metadata = Any(nullptr));

/*!
 * \brief Reads a JSON object graph back into a value. Every part of the graph is validated;
 *        malformed graphs are ValueErrors, unknown or unsupported types TypeErrors.
 * \param value The graph, as produced by ToJSONGraph or json::Parse.
 * \return The value of the root node.
 */
TVM_FFI_EXTRA_CXX_API Any FromJSONGraph(const json::Value& value);

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_EXTRA_SERIALIZATION_H_
