// ffi/cpp/include/tvm/ffi/container/dict.h: Dict<K, V>, the shared mutable hash map (type index 76).
//
// Every handle on a DictObj sees every change at once; nothing is copied on
// write. When an insertion needs more room the new storage is moved into the
// same object (small -> bigger small -> dense), so the object's address, and
// every reference to it, stays valid (SPEC MAP-LAYOUT).
#ifndef TVM_FFI_CONTAINER_DICT_H_
#define TVM_FFI_CONTAINER_DICT_H_

#include <tvm/ffi/container/map_base.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
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
class Dict : public ObjectRef {
 public:
  using key_type = K;
  using mapped_type = V;
  class iterator;

  explicit Dict(UnsafeInit tag) : ObjectRef(tag) {}
  /*! \brief A new, empty dict. */
  Dict() { data_ = detail::MapOps::NewSmall<DictObj>(detail::MapOps::kSmallInitCap); }
  Dict(const Dict<K, V>& other) : ObjectRef(other.data_) {}
  Dict(Dict<K, V>&& other) noexcept : ObjectRef(std::move(other.data_)) {}
  template <typename KU, typename VU,
            typename = std::enable_if_t<type_subsumes_v<K, KU> && type_subsumes_v<V, VU>>>
  Dict(const Dict<KU, VU>& other) : ObjectRef(other.data_) {}  // NOLINT(google-explicit-constructor)
  template <typename KU, typename VU,
            typename = std::enable_if_t<type_subsumes_v<K, KU> && type_subsumes_v<V, VU>>>
  Dict(Dict<KU, VU>&& other)  // NOLINT(google-explicit-constructor)
      : ObjectRef(std::move(other.data_)) {}
  Dict& operator=(const Dict<K, V>& other) {
    data_ = other.data_;
    return *this;
  }
  Dict& operator=(Dict<K, V>&& other) noexcept {
    data_ = std::move(other.data_);
    return *this;
  }
  template <typename KU, typename VU,
            typename = std::enable_if_t<type_subsumes_v<K, KU> && type_subsumes_v<V, VU>>>
  Dict& operator=(const Dict<KU, VU>& other) {
    data_ = other.data_;
    return *this;
  }
  template <typename KU, typename VU,
            typename = std::enable_if_t<type_subsumes_v<K, KU> && type_subsumes_v<V, VU>>>
  Dict& operator=(Dict<KU, VU>&& other) {
    data_ = std::move(other.data_);
    return *this;
  }
  /*! \brief Adopts an existing DictObj (must not be null). */
  explicit Dict(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {
    TVM_FFI_ICHECK(data_ != nullptr) << "Dict cannot hold a null object";
  }
  /*! \brief From a range of pairs; later duplicates win. */
  template <typename IterType>
  Dict(IterType first, IterType last) {
    data_ = detail::MapOps::FromRange<DictObj>(detail::MapOps::IterRange<IterType>{first, last});
  }
  Dict(std::initializer_list<std::pair<K, V>> init) : Dict(init.begin(), init.end()) {}
  template <typename Hash, typename Equal>
  Dict(const std::unordered_map<K, V, Hash, Equal>& init)  // NOLINT(google-explicit-constructor)
      : Dict(init.begin(), init.end()) {}

  /*! \return The value of `key`; throws KeyError when absent. */
  V at(const K& key) const {
    return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<V>(GetDictObj()->at(Any(key)));
  }
  V operator[](const K& key) const { return at(key); }
  size_t size() const { return data_ == nullptr ? 0 : GetDictObj()->size(); }
  bool empty() const { return size() == 0; }
  size_t count(const K& key) const {
    return data_ == nullptr ? 0 : GetDictObj()->count(Any(key));
  }
  /*! \return The value of `key`, or nullopt. */
  std::optional<V> Get(const K& key) const {
    if (data_ == nullptr) return std::nullopt;
    DictObj::iterator it = GetDictObj()->find(Any(key));
    if (it == GetDictObj()->end()) return std::nullopt;
    return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<V>(it->second);
  }
  /*! \brief Inserts or replaces `key`, in place: every holder sees it. */
  void Set(const K& key, const V& value) {
    if (data_ == nullptr) data_ = detail::MapOps::NewSmall<DictObj>(detail::MapOps::kSmallInitCap);
    ObjectPtr<Object> grown =
        detail::MapOps::Insert<DictObj>(DictObj::KVType(Any(key), Any(value)), data_);
    if (grown != nullptr) detail::MapOps::AdoptStorage(GetDictObj(), std::move(grown));
  }
  /*! \brief Removes `key` if present, in place. */
  void erase(const K& key) {
    if (data_ != nullptr) GetDictObj()->erase(Any(key));
  }
  /*! \brief Removes every entry, in place (the capacity is kept). */
  void clear() {
    if (data_ != nullptr) GetDictObj()->clear();
  }
  iterator begin() const { return iterator(GetDictObj()->begin()); }
  iterator end() const { return iterator(GetDictObj()->end()); }
  iterator find(const K& key) const { return iterator(GetDictObj()->find(Any(key))); }

  using ContainerType = DictObj;
  static constexpr bool _type_container_is_exact = false;
  static constexpr bool _type_is_nullable = false;
  static constexpr const char* kTypeName = "Dict";

  /*! \brief Iterator yielding (K, V) pairs by value, in insertion order. */
  class iterator {
   public:
    using iterator_category = std::bidirectional_iterator_tag;
    using difference_type = int64_t;
    using value_type = const std::pair<K, V>;
    using pointer = value_type*;
    using reference = value_type;

    iterator() = default;
    bool operator==(const iterator& other) const { return it_ == other.it_; }
    bool operator!=(const iterator& other) const { return it_ != other.it_; }
    pointer operator->() const = delete;
    reference operator*() const {
      const DictObj::KVType& kv = *it_;
      return std::make_pair(detail::AnyUnsafe::CopyFromAnyViewAfterCheck<K>(kv.first),
                            detail::AnyUnsafe::CopyFromAnyViewAfterCheck<V>(kv.second));
    }
    iterator& operator++() {
      ++it_;
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++it_;
      return old;
    }
    iterator& operator--() {
      --it_;
      return *this;
    }
    iterator operator--(int) {
      iterator old = *this;
      --it_;
      return old;
    }

   private:
    explicit iterator(const DictObj::iterator& it) : it_(it) {}
    DictObj::iterator it_;
    template <typename, typename, typename>
    friend class Dict;
  };

 private:
  DictObj* GetDictObj() const { return static_cast<DictObj*>(data_.get()); }
  template <typename, typename, typename>
  friend class Dict;
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
