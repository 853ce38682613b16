// ffi/cpp/include/tvm/ffi/container/map.h: Map<K, V>, the copy-on-write hash map (type index 72).
//
// A Map shares its object until a mutation finds it shared; then it mutates a
// private copy. Iteration is in insertion order. Storage: map_base.h.
#ifndef TVM_FFI_CONTAINER_MAP_H_
#define TVM_FFI_CONTAINER_MAP_H_

#include <tvm/ffi/container/map_base.h>

#include <type_traits>
#include <utility>

namespace tvm {
namespace ffi {

/*! \brief The Map object; the storage is all in MapBaseObj. */
class MapObj : public MapBaseObj {
 public:
  /*! \return A new MapObj with the same entries, layout and order. */
  static ObjectPtr<Object> ShallowCopy(const MapObj* src) {
    return detail::MapOps::Copy<MapObj>(src);
  }

  static constexpr int32_t _type_index = TypeIndex::kTVMFFIMap;
  static constexpr bool _type_final = true;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC(StaticTypeKey::kTVMFFIMap, MapObj, Object);
};

static_assert(sizeof(MapObj) == sizeof(MapBaseObj), "MapObj adds no fields");

/*!
 * \brief Copy-on-write map from K to V (both storable in an Any).
 *
 * \code
 * Map<String, int64_t> m{{"a", 1}, {"b", 2}};
 * Map<String, int64_t> copy = m;  // shares the object
 * m.Set("c", 3);                  // m copies first; `copy` is unchanged
 * for (auto [k, v] : m) { ... }   // insertion order
 * \endcode
 */
template <typename K, typename V,
          typename = std::enable_if_t<detail::storage_enabled_v<K> && detail::storage_enabled_v<V>>>
class Map : public MapRefBase<Map, MapObj, K, V> {
  using Base = MapRefBase<Map, MapObj, K, V>;

 public:
  // Construction, assignment, lookups and iteration: see MapRefBase.
  using Base::Base;
  using Base::operator=;

  /*! \brief Inserts or replaces `key` (copying the map first if it is shared). */
  void Set(const K& key, const V& value) {
    CopyOnWrite();
    ObjectPtr<Object> grown =
        detail::MapOps::Insert<MapObj>(MapObj::KVType(Any(key), Any(value)), this->data_);
    if (grown != nullptr) this->data_ = std::move(grown);
  }
  /*! \brief Removes `key` if present (copying the map first if it is shared). */
  void erase(const K& key) { CopyOnWrite()->erase(Any(key)); }
  /*! \brief Makes this an empty map; other holders keep the old contents. */
  void clear() {
    if (this->data_ != nullptr) {
      this->data_ = detail::MapOps::NewSmall<MapObj>(detail::MapOps::kSmallInitCap);
    }
  }

  /*! \brief Ensures this handle is the only one on its object; returns that object. */
  MapObj* CopyOnWrite() {
    if (this->data_ == nullptr) {
      this->data_ = detail::MapOps::NewSmall<MapObj>(detail::MapOps::kSmallInitCap);
    } else if (!this->data_.unique()) {
      this->data_ = detail::MapOps::Copy<MapObj>(this->GetObj());
    }
    return this->GetObj();
  }

  static constexpr const char* kTypeName = "Map";
};

/*! \return lhs with every entry of rhs set into it (rhs wins on equal keys). */
template <typename K, typename V>
inline Map<K, V> Merge(Map<K, V> lhs, const Map<K, V>& rhs) {
  for (const auto& kv : rhs) lhs.Set(kv.first, kv.second);
  return lhs;
}

template <typename K, typename V>
inline constexpr bool use_default_type_traits_v<Map<K, V>> = false;

/*! \brief A Map travels as its object; a Dict argument converts (copies) to a Map. */
template <typename K, typename V>
struct TypeTraits<Map<K, V>>
    : public MapTypeTraitsBase<Map<K, V>, K, V, TypeIndex::kTVMFFIMap, TypeIndex::kTVMFFIDict> {};

template <typename K, typename V, typename KU, typename VU>
inline constexpr bool type_subsumes_v<Map<K, V>, Map<KU, VU>> =
    type_subsumes_v<K, KU> && type_subsumes_v<V, VU>;

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_CONTAINER_MAP_H_
