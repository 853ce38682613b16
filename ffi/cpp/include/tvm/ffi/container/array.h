// ffi/cpp/include/tvm/ffi/container/array.h: ArrayObj (index 71) and the copy-on-write Array<T>.
//
// Layout (SPEC ARRAY-LAYOUT): `{TVMFFIObject; TVMFFISeqCell}` (56 bytes) followed
// in the same allocation by TVMFFIAny[capacity]; `data` points at +56 and
// `data_deleter` is NULL. Code built from either SDK may append in place while
// the strong count is 1 (SPEC ARRAY-INPLACE-MUTATION), so the destructor
// releases `[0, size)` as found at destruction time. A shared Array is copied
// before any change.
#ifndef TVM_FFI_CONTAINER_ARRAY_H_
#define TVM_FFI_CONTAINER_ARRAY_H_

#include <tvm/ffi/container/seq_base.h>

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <type_traits>
#include <utility>
#include <vector>

namespace tvm {
namespace ffi {

/*! \brief The Array object: elements inline after the 56-byte header. */
class ArrayObj : public SeqBaseObj {
 public:
  /*! \brief Capacity of a default-constructed Array. */
  static constexpr int64_t kInitSize = 4;
  /*! \brief Growth factor when an append overflows the capacity. */
  static constexpr int64_t kIncFactor = 2;

  /*! \brief Use Empty(); `capacity` slots follow the object in its allocation. */
  explicit ArrayObj(int64_t capacity) {
    data = reinterpret_cast<char*>(this) + sizeof(ArrayObj);
    TVMFFISeqCell::capacity = capacity;
  }
  ~ArrayObj() { ReleaseElements(); }

  /*! \return A new empty ArrayObj with room for `n` elements. */
  static ObjectPtr<ArrayObj> Empty(int64_t n = kInitSize) {
    if (n < 0) TVM_FFI_THROW(ValueError) << "cannot construct an Array of negative size";
    return make_inplace_array_object<ArrayObj, Any>(static_cast<size_t>(n), n);
  }
  /*! \return A new ArrayObj of capacity `cap` holding copies of [first, last). */
  static ObjectPtr<ArrayObj> CopyFrom(int64_t cap, const Any* first, const Any* last) {
    ObjectPtr<ArrayObj> p = Empty(std::max<int64_t>(cap, last - first));
    for (; first != last; ++first) p->UncheckedPushBack(*first);
    return p;
  }
  /*! \return A new ArrayObj of capacity `cap` that takes the elements of `from`. */
  static ObjectPtr<ArrayObj> MoveFrom(int64_t cap, SeqBaseObj* from) {
    ObjectPtr<ArrayObj> p = Empty(std::max<int64_t>(cap, from->TVMFFISeqCell::size));
    for (Any* it = from->MutableBegin(); it != from->MutableEnd(); ++it) {
      p->UncheckedPushBack(std::move(*it));
    }
    from->ShrinkTo(0);
    return p;
  }

  static constexpr int32_t _type_index = TypeIndex::kTVMFFIArray;
  static constexpr bool _type_final = true;
  static constexpr uint32_t _type_child_slots = 0;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC(StaticTypeKey::kTVMFFIArray, ArrayObj, Object);
};

static_assert(sizeof(ArrayObj) == 56, "SPEC ARRAY-LAYOUT: ArrayObj is 56 bytes");

template <typename T>
class Array;

// Array brings its own TypeTraits (below), not the generic ObjectRef ones.
template <typename T>
inline constexpr bool use_default_type_traits_v<Array<T>> = false;

/*!
 * \brief Immutable, copy-on-write sequence of T (never null). Reading yields T
 *        by value; mutators copy the object first unless this is its only
 *        strong reference.
 */
template <typename T>
class Array : public ObjectRef {
  static_assert(detail::storage_enabled_v<T>, "Array element type must be storable in an Any");

 public:
  using value_type = T;
  using iterator = detail::SeqIterator<T>;
  using const_iterator = iterator;
  using reverse_iterator = std::reverse_iterator<iterator>;

  /*! \brief An empty array. */
  Array() : ObjectRef(ArrayObj::Empty()) {}
  Array(const Array& other) = default;
  // A moved-from Array is null and reads as empty.
  Array(Array&& other) noexcept = default;
  Array& operator=(const Array& other) = default;
  Array& operator=(Array&& other) noexcept = default;
  /*! \brief Shares an Array<U> whose elements are always valid T. */
  template <typename U, typename = std::enable_if_t<!std::is_same_v<T, U> &&
                                                    type_subsumes_v<T, U>>>
  Array(const Array<U>& other) : ObjectRef(other) {}  // NOLINT(google-explicit-constructor)
  explicit Array(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  explicit Array(UnsafeInit tag) : ObjectRef(tag) {}
  Array(std::initializer_list<T> init) : Array(init.begin(), init.end()) {}
  Array(const std::vector<T>& init) : Array(init.begin(), init.end()) {}  // NOLINT(*)
  /*! \brief `n` copies of `value`. */
  explicit Array(size_t n, const T& value) : ObjectRef(ArrayObj::Empty(static_cast<int64_t>(n))) {
    for (size_t i = 0; i < n; ++i) obj()->UncheckedPushBack(Any(value));
  }
  template <typename IterType,
            typename = std::enable_if_t<!std::is_integral_v<IterType>>>
  Array(IterType first, IterType last) {
    int64_t n = static_cast<int64_t>(std::distance(first, last));
    ObjectPtr<ArrayObj> p = ArrayObj::Empty(n);
    for (; first != last; ++first) p->UncheckedPushBack(Any(T(*first)));
    data_ = std::move(p);
  }

  // ---- reading ----
  size_t size() const { return obj() == nullptr ? 0 : obj()->size(); }
  size_t capacity() const { return obj() == nullptr ? 0 : obj()->capacity(); }
  bool empty() const { return size() == 0; }
  /*! \return Element i; IndexError when out of range. */
  T operator[](int64_t i) const {
    if (obj() == nullptr) TVM_FFI_THROW(IndexError) << "Index " << i << " out of bounds 0";
    return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<T>(obj()->at(i));
  }
  T at(int64_t i) const { return (*this)[i]; }
  T front() const {
    if (empty()) TVM_FFI_THROW(IndexError) << "front() on an empty Array";
    return (*this)[0];
  }
  T back() const {
    if (empty()) TVM_FFI_THROW(IndexError) << "back() on an empty Array";
    return (*this)[static_cast<int64_t>(size()) - 1];
  }
  iterator begin() const { return iterator(obj() == nullptr ? nullptr : obj()->begin()); }
  iterator end() const { return iterator(obj() == nullptr ? nullptr : obj()->end()); }
  reverse_iterator rbegin() const { return reverse_iterator(end()); }
  reverse_iterator rend() const { return reverse_iterator(begin()); }
  /*! \return The object (never null for a valid Array). */
  ArrayObj* GetArrayObj() const { return obj(); }
  const ArrayObj* get() const { return obj(); }
  const ArrayObj* operator->() const { return obj(); }
  /*! \return A std::vector copy of the elements. */
  explicit operator std::vector<T>() const { return std::vector<T>(begin(), end()); }
  std::vector<T> to_vector() const { return std::vector<T>(begin(), end()); }

  // ---- mutation (copy-on-write) ----
  /*!
   * \brief Makes this the sole owner of an object with room for `reserve`
   *        elements, copying or reallocating when needed.
   * \return The object, safe to mutate.
   */
  ArrayObj* CopyOnWrite(int64_t reserve = 0) {
    ArrayObj* p = obj();
    if (p == nullptr) {
      data_ = ArrayObj::Empty(std::max(reserve, ArrayObj::kInitSize));
      return obj();
    }
    int64_t cap = p->TVMFFISeqCell::capacity;
    int64_t need = std::max<int64_t>(reserve, p->TVMFFISeqCell::size);
    int64_t new_cap = cap;
    if (need > cap) {
      new_cap = std::max(need, std::max(cap * ArrayObj::kIncFactor, ArrayObj::kInitSize));
    }
    if (p->use_count() != 1) {
      data_ = ArrayObj::CopyFrom(new_cap, p->begin(), p->end());
    } else if (new_cap != cap) {
      data_ = ArrayObj::MoveFrom(new_cap, p);
    }
    return obj();
  }
  void reserve(int64_t n) { CopyOnWrite(n); }
  void push_back(const T& item) {
    ArrayObj* p = CopyOnWrite(static_cast<int64_t>(size()) + 1);
    p->UncheckedPushBack(Any(item));
  }
  template <typename... Args>
  void emplace_back(Args&&... args) {
    push_back(T(std::forward<Args>(args)...));
  }
  void pop_back() {
    if (empty()) TVM_FFI_THROW(IndexError) << "pop_back() on an empty Array";
    ArrayObj* p = CopyOnWrite();
    p->ShrinkTo(p->TVMFFISeqCell::size - 1);
  }
  /*! \brief Sets element i; IndexError when out of range. */
  void Set(int64_t i, T value) {
    if (i < 0 || i >= static_cast<int64_t>(size())) {
      TVM_FFI_THROW(IndexError) << "Index " << i << " out of bounds " << size();
    }
    ArrayObj* p = CopyOnWrite();
    p->MutableBegin()[i] = Any(std::move(value));
  }
  void insert(iterator position, const T& value) {
    int64_t idx = CheckInsertPos(position);
    Any item(value);
    ArrayObj* p = CopyOnWrite(static_cast<int64_t>(size()) + 1);
    p->ShiftTail(idx, 1);
    p->MutableBegin()[idx] = std::move(item);
  }
  template <typename IterType>
  void insert(iterator position, IterType first, IterType last) {
    int64_t idx = CheckInsertPos(position);
    std::vector<Any> items;
    for (; first != last; ++first) items.emplace_back(T(*first));
    int64_t n = static_cast<int64_t>(items.size());
    if (n == 0) return;
    ArrayObj* p = CopyOnWrite(static_cast<int64_t>(size()) + n);
    p->ShiftTail(idx, n);
    for (int64_t k = 0; k < n; ++k) p->MutableBegin()[idx + k] = std::move(items[k]);
  }
  void erase(iterator position) {
    int64_t idx = position - begin();
    if (idx < 0 || idx >= static_cast<int64_t>(size())) {
      TVM_FFI_THROW(IndexError) << "Index " << idx << " out of bounds " << size();
    }
    ArrayObj* p = CopyOnWrite();
    p->ShiftTail(idx + 1, -1);
  }
  void erase(iterator first, iterator last) {
    int64_t lo = first - begin();
    int64_t hi = last - begin();
    if (lo < 0 || hi > static_cast<int64_t>(size()) || lo > hi) {
      TVM_FFI_THROW(IndexError) << "Erase range [" << lo << ", " << hi << ") out of bounds "
                                << size();
    }
    if (lo == hi) return;
    ArrayObj* p = CopyOnWrite();
    p->ShiftTail(hi, lo - hi);
  }
  void clear() {
    if (obj() != nullptr && obj()->use_count() == 1) {
      obj()->ShrinkTo(0);
    } else {
      data_ = ArrayObj::Empty();
    }
  }
  /*! \brief Truncates, or pads with default T (None for object types). */
  void resize(int64_t n) {
    if (n < 0) TVM_FFI_THROW(ValueError) << "cannot resize an Array to negative size " << n;
    ArrayObj* p = CopyOnWrite(n);
    if (n < p->TVMFFISeqCell::size) {
      p->ShrinkTo(n);
    } else {
      while (p->TVMFFISeqCell::size < n) p->UncheckedPushBack(DefaultElement());
    }
  }
  /*! \brief Applies fn(T) -> T to each element in place (after copy-on-write). */
  template <typename F>
  void MutateByApply(F fn) {
    if (empty()) return;
    ArrayObj* p = CopyOnWrite();
    for (Any* it = p->MutableBegin(); it != p->MutableEnd(); ++it) {
      *it = Any(fn(detail::AnyUnsafe::CopyFromAnyViewAfterCheck<T>(*it)));
    }
  }
  /*! \return A new Array of fn(element). */
  template <typename F, typename U = std::invoke_result_t<F, T>>
  Array<U> Map(F fn) const {
    ObjectPtr<ArrayObj> p = ArrayObj::Empty(static_cast<int64_t>(size()));
    for (T elem : *this) p->UncheckedPushBack(Any(fn(std::move(elem))));
    return Array<U>(ObjectPtr<Object>(std::move(p)));
  }
  /*! \return The concatenation of `args` (each an Array<T> or a T). */
  template <typename... Args>
  static Array<T> Agregate(Args... args) {
    Array<T> out;
    (AppendOne(&out, std::move(args)), ...);
    return out;
  }

  using ContainerType = ArrayObj;
  static constexpr bool _type_is_nullable = false;

 private:
  ArrayObj* obj() const { return static_cast<ArrayObj*>(data_.get()); }
  int64_t CheckInsertPos(iterator position) const {
    int64_t idx = position - begin();
    if (idx < 0 || idx > static_cast<int64_t>(size())) {
      TVM_FFI_THROW(IndexError) << "Index " << idx << " out of bounds [0, " << size() << "]";
    }
    return idx;
  }
  static Any DefaultElement() {
    if constexpr (std::is_default_constructible_v<T>) {
      return Any(T());
    } else {
      return Any();
    }
  }
  static void AppendOne(Array<T>* out, Array<T> other) {
    for (T v : other) out->push_back(v);
  }
  static void AppendOne(Array<T>* out, T v) { out->push_back(std::move(v)); }
};

/*! \brief Traits: accepts Array (shared when already typed) or List (copied). */
template <typename T>
struct TypeTraits<Array<T>>
    : public detail::SeqTypeTraitsBase<TypeTraits<Array<T>>, Array<T>, T> {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIArray;
  static constexpr int32_t kPrimaryTypeIndex = TypeIndex::kTVMFFIArray;
  static constexpr int32_t kOtherTypeIndex = TypeIndex::kTVMFFIList;
  static constexpr const char* kTypeName = "Array";
  static constexpr const char* kStaticTypeKey = StaticTypeKey::kTVMFFIArray;

  TVM_FFI_INLINE static std::optional<Array<T>> CopyFromElements(const Any* first,
                                                                 const Any* last) {
    ObjectPtr<ArrayObj> p = ArrayObj::Empty(last - first);
    ArrayObj* raw = p.get();
    bool ok = TypeTraits::ConvertEach(first, last,
                                      [raw](Any v) { raw->UncheckedPushBack(std::move(v)); });
    if (!ok) return std::nullopt;
    return Array<T>(ObjectPtr<Object>(std::move(p)));
  }
};

template <typename T, typename U>
inline constexpr bool type_subsumes_v<Array<T>, Array<U>> = type_subsumes_v<T, U>;

/*! \return The concatenation of two arrays. */
template <typename T>
inline Array<T> Concat(Array<T> lhs, const Array<T>& rhs) {
  for (T v : rhs) lhs.push_back(v);
  return lhs;
}

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_CONTAINER_ARRAY_H_
