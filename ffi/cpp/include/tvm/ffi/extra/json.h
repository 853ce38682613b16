// ffi/cpp/include/tvm/ffi/extra/json.h: JSON text <-> FFI values (json::Parse, json::Stringify).
//
// Mapping, both ways:
//   object -> Map<Any, Any> (insertion order kept; a repeated key: the last value wins)
//   array -> Array<Any>, string -> String, true/false -> bool, null -> None
//   number -> int (int64_t) when the whole token reads as one, else float (double);
//   NaN, Infinity and -Infinity are accepted and written as floats.
// Stringify also takes List (as an array); object keys must be strings. Any other type
// (Dict, Bytes, Shape, Tensor, Function, ...) is a ValueError, as in the reference runtime.
//
// Errors are ValueErrors with Python-json-style messages, e.g.
//   "Expecting ',' delimiter: line 1 column 4 (char 3)"
// where char is the 0-based byte offset and line/column count from 1. Parse throws unless it is
// given `error_msg`: then a failure stores the message there and returns None.
//
// Nesting is bounded (kMaxNestingDepth below): Parse never recurses, and both functions reject
// deeper input with "Exceeded maximum nesting depth ..." instead of exhausting the stack.
// Numbers are read and written without the C locale's help, so a process locale such as de_DE
// does not change "1.5".
#ifndef TVM_FFI_EXTRA_JSON_H_
#define TVM_FFI_EXTRA_JSON_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/extra/base.h>
#include <tvm/ffi/optional.h>
#include <tvm/ffi/string.h>

#include <optional>

namespace tvm {
namespace ffi {
namespace json {

/*! \brief Any JSON value. */
using Value = Any;
/*! \brief A JSON object: string keys, in insertion order. */
using Object = ::tvm::ffi::Map<Any, Any>;
/*! \brief A JSON array. */
using Array = ::tvm::ffi::Array<Any>;

/*!
 * \brief Deepest container nesting Parse and Stringify accept (Python's json module stops near
 *        the same depth). Destroying or printing a nested value recurses once per level, and a
 *        level can take over a kilobyte of stack in a sanitizer build, so a bound far above
 *        this would let a small input exhaust a thread's stack.
 */
inline constexpr int kMaxNestingDepth = 1000;

/*!
 * \brief Parses one JSON document (surrounding whitespace allowed).
 * \param json_str The text, as UTF-8 bytes; it may contain NUL bytes.
 * \param error_msg Where to put the message of a failure; nullptr: throw ValueError instead.
 * \return The value, or None after a failure reported through error_msg.
 */
TVM_FFI_EXTRA_CXX_API json::Value Parse(const String& json_str, String* error_msg = nullptr);

/*!
 * \brief Writes `value` as JSON text.
 * \param value The value (see the mapping above).
 * \param indent Spaces per level. None or 0: compact, no whitespace at all. Otherwise one item a
 *        line, `": "` after keys, and max(indent, 0) spaces per level (the reference's rule).
 * \return The text. Throws ValueError for unsupported values and non-string keys.
 */
TVM_FFI_EXTRA_CXX_API String Stringify(const json::Value& value,
                                       const Optional<int>& indent = std::nullopt);

}  // namespace json
}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_EXTRA_JSON_H_
