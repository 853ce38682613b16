// ffi/cpp/include/tvm/ffi/container/dict.h: Dict<K, V>, the shared mutable hash map (type index 76).
//
// Every handle on a DictObj sees every change at once; nothing is copied on
// write. When an insertion needs more room the new storage is moved into the
// same object (small -> bigger small -> dense), so the object's address, and
// every reference to it, stays valid (SPEC MAP-LAYOUT).
#ifndef TVM_FFI_CONTAINER_DICT_H_
#define TVM_FFI_CONTAINER_DICT_H_

#include <tvm/ffi/container/map_base.h>

#include <type_traits>
#include <utility>

namespace tvm {
namespace ffi {

/*! \brief The Dict object; the storage is all in MapBaseObj. */
class DictObj : public MapBaseObj {
 public:
  /*! \return A new DictObj with the same entries, layout and order. */
  static ObjectPtr<Object> ShallowCopy(const DictObj* src) {
    return detail::MapOps::Copy<DictObj>(src);
  }

  static constexpr int32_t _type_index = TypeIndex::kTVMFFIDict;
  static constexpr bool _type_final = true;
  static constexpr bool _type_mutable = true;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC(StaticTypeKey::kTVMFFIDict, DictObj, Object);
};

static_assert(sizeof(DictObj) == sizeof(MapBaseObj), "DictObj adds no fields");

/*!
 * \brief Mutable map from K to V with reference semantics: copies of a Dict
 *        share one object.
 */
template <typename K, typename V,
          typename = std::enable_if_t<detail::storage_enabled_v<K> && detail::storage_enabled_v<V>>>
class Dict : public MapRefBase<Dict, DictObj, K, V> {
  using Base = MapRefBase<Dict, DictObj, K, V>;

 public:
  // Construction, assignment, lookups and iteration: see MapRefBase.
  using Base::Base;
  using Base::operator=;

  /*! \brief Inserts or replaces `key`, in place: every holder sees it. */
  void Set(const K& key, const V& value) {
    if (this->data_ == nullptr) {
      this->data_ = detail::MapOps::NewSmall<DictObj>(detail::MapOps::kSmallInitCap);
    }
    ObjectPtr<Object> grown =
        detail::MapOps::Insert<DictObj>(DictObj::KVType(Any(key), Any(value)), this->data_);
    if (grown != nullptr) detail::MapOps::AdoptStorage(this->GetObj(), std::move(grown));
  }
  /*! \brief Removes `key` if present, in place. */
  void erase(const K& key) {
    if (this->data_ != nullptr) this->GetObj()->erase(Any(key));
  }
  /*! \brief Removes every entry, in place (the capacity is kept). */
  void clear() {
    if (this->data_ != nullptr) this->GetObj()->clear();
  }

  static constexpr const char* kTypeName = "Dict";
};

template <typename K, typename V>
inline constexpr bool use_default_type_traits_v<Dict<K, V>> = false;

/*! \brief A Dict travels as its object; a Map argument converts (copies) to a Dict. */
template <typename K, typename V>
struct TypeTraits<Dict<K, V>>
    : public MapTypeTraitsBase<Dict<K, V>, K, V, TypeIndex::kTVMFFIDict, TypeIndex::kTVMFFIMap> {};

template <typename K, typename V, typename KU, typename VU>
inline constexpr bool type_subsumes_v<Dict<K, V>, Dict<KU, VU>> =
    type_subsumes_v<K, KU> && type_subsumes_v<V, VU>;

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_CONTAINER_DICT_H_
