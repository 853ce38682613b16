// ffi/cpp/include/tvm/ffi/container/map.h: Map<K, V>, the copy-on-write hash map (type index 72).
//
// A Map shares its object until a mutation finds it shared; then it mutates a
// private copy. Iteration is in insertion order. Storage: map_base.h.
#ifndef TVM_FFI_CONTAINER_MAP_H_
#define TVM_FFI_CONTAINER_MAP_H_

#include <tvm/ffi/container/map_base.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
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
class Map : public ObjectRef {
 public:
  using key_type = K;
  using mapped_type = V;
  class iterator;

  explicit Map(UnsafeInit tag) : ObjectRef(tag) {}
  /*! \brief An empty map. */
  Map() { data_ = detail::MapOps::NewSmall<MapObj>(detail::MapOps::kSmallInitCap); }
  Map(const Map<K, V>& other) : ObjectRef(other.data_) {}
  Map(Map<K, V>&& other) noexcept : ObjectRef(std::move(other.data_)) {}
  template <typename KU, typename VU,
            typename = std::enable_if_t<type_subsumes_v<K, KU> && type_subsumes_v<V, VU>>>
  Map(const Map<KU, VU>& other) : ObjectRef(other.data_) {}  // NOLINT(google-explicit-constructor)
  template <typename KU, typename VU,
            typename = std::enable_if_t<type_subsumes_v<K, KU> && type_subsumes_v<V, VU>>>
  Map(Map<KU, VU>&& other)  // NOLINT(google-explicit-constructor)
      : ObjectRef(std::move(other.data_)) {}
  Map& operator=(const Map<K, V>& other) {
    data_ = other.data_;
    return *this;
  }
  Map& operator=(Map<K, V>&& other) noexcept {
    data_ = std::move(other.data_);
    return *this;
  }
  template <typename KU, typename VU,
            typename = std::enable_if_t<type_subsumes_v<K, KU> && type_subsumes_v<V, VU>>>
  Map& operator=(const Map<KU, VU>& other) {
    data_ = other.data_;
    return *this;
  }
  template <typename KU, typename VU,
            typename = std::enable_if_t<type_subsumes_v<K, KU> && type_subsumes_v<V, VU>>>
  Map& operator=(Map<KU, VU>&& other) {
    data_ = std::move(other.data_);
    return *this;
  }
  /*! \brief Adopts an existing MapObj (must not be null). */
  explicit Map(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {
    TVM_FFI_ICHECK(data_ != nullptr) << "Map cannot hold a null object";
  }
  /*! \brief From a range of pairs; later duplicates win. */
  template <typename IterType>
  Map(IterType first, IterType last) {
    data_ = detail::MapOps::FromRange<MapObj>(detail::MapOps::IterRange<IterType>{first, last});
  }
  Map(std::initializer_list<std::pair<K, V>> init) : Map(init.begin(), init.end()) {}
  template <typename Hash, typename Equal>
  Map(const std::unordered_map<K, V, Hash, Equal>& init)  // NOLINT(google-explicit-constructor)
      : Map(init.begin(), init.end()) {}

  /*! \return The value of `key`; throws KeyError when absent. */
  const V at(const K& key) const {
    return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<V>(GetMapObj()->at(Any(key)));
  }
  const V operator[](const K& key) const { return at(key); }
  size_t size() const { return data_ == nullptr ? 0 : GetMapObj()->size(); }
  bool empty() const { return size() == 0; }
  size_t count(const K& key) const {
    return data_ == nullptr ? 0 : GetMapObj()->count(Any(key));
  }
  /*! \return The value of `key`, or nullopt. */
  std::optional<V> Get(const K& key) const {
    if (data_ == nullptr) return std::nullopt;
    MapObj::iterator it = GetMapObj()->find(Any(key));
    if (it == GetMapObj()->end()) return std::nullopt;
    return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<V>(it->second);
  }
  /*! \brief Inserts or replaces `key` (copying the map first if it is shared). */
  void Set(const K& key, const V& value) {
    CopyOnWrite();
    ObjectPtr<Object> grown =
        detail::MapOps::Insert<MapObj>(MapObj::KVType(Any(key), Any(value)), data_);
    if (grown != nullptr) data_ = std::move(grown);
  }
  /*! \brief Removes `key` if present (copying the map first if it is shared). */
  void erase(const K& key) { CopyOnWrite()->erase(Any(key)); }
  /*! \brief Makes this an empty map; other holders keep the old contents. */
  void clear() {
    if (data_ != nullptr) data_ = detail::MapOps::NewSmall<MapObj>(detail::MapOps::kSmallInitCap);
  }
  iterator begin() const { return iterator(GetMapObj()->begin()); }
  iterator end() const { return iterator(GetMapObj()->end()); }
  iterator find(const K& key) const { return iterator(GetMapObj()->find(Any(key))); }

  /*! \brief Ensures this handle is the only one on its object; returns that object. */
  MapObj* CopyOnWrite() {
    if (data_ == nullptr) {
      data_ = detail::MapOps::NewSmall<MapObj>(detail::MapOps::kSmallInitCap);
    } else if (!data_.unique()) {
      data_ = detail::MapOps::Copy<MapObj>(GetMapObj());
    }
    return GetMapObj();
  }

  using ContainerType = MapObj;
  static constexpr bool _type_container_is_exact = false;
  static constexpr bool _type_is_nullable = false;
  static constexpr const char* kTypeName = "Map";

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
      const MapObj::KVType& kv = *it_;
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
    explicit iterator(const MapObj::iterator& it) : it_(it) {}
    MapObj::iterator it_;
    template <typename, typename, typename>
    friend class Map;
  };

 private:
  MapObj* GetMapObj() const { return static_cast<MapObj*>(data_.get()); }
  template <typename, typename, typename>
  friend class Map;
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
