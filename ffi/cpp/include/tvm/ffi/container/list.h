// ffi/cpp/include/tvm/ffi/container/list.h: ListObj (index 75) and the shared, mutable List<T>.
//
// Layout (SPEC LIST-LAYOUT): the Array header, but `data` points at a separate
// TVMFFIAny[capacity] buffer freed by `data_deleter` (operator delete for
// buffers made here). Other code may swap in its own buffer and deleter (SPEC
// LIST-DATA-DELETER), so growth and destruction always go through the deleter
// found in the object. Copies of a List share one object; changes are seen by
// every holder.
#ifndef TVM_FFI_CONTAINER_LIST_H_
#define TVM_FFI_CONTAINER_LIST_H_

#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/seq_base.h>

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace tvm {
namespace ffi {

/*! \brief The List object: elements in a separately allocated buffer. */
class ListObj : public SeqBaseObj {
 public:
  static constexpr int64_t kInitSize = 4;
  static constexpr int64_t kIncFactor = 2;

  ListObj() = default;
  ~ListObj() {
    ReleaseElements();
    if (data_deleter != nullptr && data != nullptr) data_deleter(data);
    data = nullptr;
  }

  /*! \brief The deleter of buffers allocated here. */
  static void RawDataDeleter(void* buffer) { ::operator delete(buffer); }

  /*! \return A new empty ListObj with room for `n` elements. */
  static ObjectPtr<ListObj> Empty(int64_t n = kInitSize) {
    if (n < 0) TVM_FFI_THROW(ValueError) << "cannot construct a List of negative size";
    ObjectPtr<ListObj> p = make_object<ListObj>();
    p->data = n == 0 ? nullptr : ::operator new(sizeof(Any) * static_cast<size_t>(n));
    p->TVMFFISeqCell::capacity = n;
    p->data_deleter = RawDataDeleter;
    return p;
  }

  /*!
   * \brief Grows the buffer to at least `n` slots (factor kIncFactor), moving
   *        the elements and freeing the old buffer with its own deleter.
   */
  void Reserve(int64_t n) {
    int64_t cap = TVMFFISeqCell::capacity;
    if (n <= cap) return;
    int64_t new_cap = std::max(n, std::max(cap * kIncFactor, kInitSize));
    Any* fresh = static_cast<Any*>(::operator new(sizeof(Any) * static_cast<size_t>(new_cap)));
    Any* old = MutableBegin();
    int64_t count = TVMFFISeqCell::size;
    for (int64_t i = 0; i < count; ++i) {
      new (fresh + i) Any(std::move(old[i]));
      (old + i)->~Any();
    }
    void* old_data = data;
    void (*old_deleter)(void*) = data_deleter;
    data = fresh;
    TVMFFISeqCell::capacity = new_cap;
    data_deleter = RawDataDeleter;
    if (old_deleter != nullptr && old_data != nullptr) old_deleter(old_data);
  }
  /*! \brief Appends one value, growing when full. */
  void PushBack(Any value) {
    Reserve(TVMFFISeqCell::size + 1);
    UncheckedPushBack(std::move(value));
  }
  /*! \brief Inserts at idx (0 <= idx <= size, IndexError otherwise). */
  void Insert(int64_t idx, Any value) {
    if (idx < 0 || idx > TVMFFISeqCell::size) {
      TVM_FFI_THROW(IndexError) << "Index " << idx << " out of bounds [0, "
                                << TVMFFISeqCell::size << "]";
    }
    Reserve(TVMFFISeqCell::size + 1);
    ShiftTail(idx, 1);
    MutableBegin()[idx] = std::move(value);
  }
  /*! \brief Erases [lo, hi) (IndexError unless 0 <= lo <= hi <= size). */
  void EraseRange(int64_t lo, int64_t hi) {
    if (lo < 0 || hi > TVMFFISeqCell::size || lo > hi) {
      TVM_FFI_THROW(IndexError) << "Erase range [" << lo << ", " << hi << ") out of bounds "
                                << TVMFFISeqCell::size;
    }
    if (lo < hi) ShiftTail(hi, lo - hi);
  }
  /*! \brief Replaces [lo, hi) by `items` (IndexError on a bad range). */
  void ReplaceRange(int64_t lo, int64_t hi, std::vector<Any> items) {
    EraseRange(lo, hi);
    int64_t n = static_cast<int64_t>(items.size());
    if (n == 0) return;
    Reserve(TVMFFISeqCell::size + n);
    ShiftTail(lo, n);
    for (int64_t k = 0; k < n; ++k) MutableBegin()[lo + k] = std::move(items[k]);
  }
  /*! \brief Removes and returns element idx (IndexError when out of range). */
  Any Pop(int64_t idx) {
    CheckIndex(idx);
    Any out = std::move(MutableBegin()[idx]);
    ShiftTail(idx + 1, -1);
    return out;
  }
  /*! \brief Sets element idx (IndexError when out of range). */
  void SetItem(int64_t idx, Any value) {
    CheckIndex(idx);
    MutableBegin()[idx] = std::move(value);
  }
  void Clear() { ShrinkTo(0); }

  static constexpr int32_t _type_index = TypeIndex::kTVMFFIList;
  static constexpr bool _type_final = true;
  static constexpr bool _type_mutable = true;
  static constexpr uint32_t _type_child_slots = 0;
  TVM_FFI_DECLARE_OBJECT_INFO_STATIC(StaticTypeKey::kTVMFFIList, ListObj, Object);
};

static_assert(sizeof(ListObj) == 56, "SPEC LIST-LAYOUT: ListObj is 56 bytes");

template <typename T>
class List;

template <typename T>
inline constexpr bool use_default_type_traits_v<List<T>> = false;

/*!
 * \brief A mutable sequence of T with reference semantics: copies share the
 *        object, and mutation is visible through all of them.
 */
template <typename T>
class List : public ObjectRef {
  static_assert(detail::storage_enabled_v<T>, "List element type must be storable in an Any");

 public:
  using value_type = T;
  using iterator = detail::SeqIterator<T>;
  using const_iterator = iterator;
  using reverse_iterator = std::reverse_iterator<iterator>;

  /*! \brief A new empty list. */
  List() : ObjectRef(ListObj::Empty()) {}
  List(const List& other) = default;
  List(List&& other) noexcept = default;
  List& operator=(const List& other) = default;
  List& operator=(List&& other) noexcept = default;
  template <typename U, typename = std::enable_if_t<!std::is_same_v<T, U> &&
                                                    type_subsumes_v<T, U>>>
  List(const List<U>& other) : ObjectRef(other) {}  // NOLINT(google-explicit-constructor)
  explicit List(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  explicit List(UnsafeInit tag) : ObjectRef(tag) {}
  List(std::initializer_list<T> init) : List(init.begin(), init.end()) {}
  List(const std::vector<T>& init) : List(init.begin(), init.end()) {}  // NOLINT(*)
  explicit List(size_t n, const T& value) : ObjectRef(ListObj::Empty(static_cast<int64_t>(n))) {
    for (size_t i = 0; i < n; ++i) obj()->UncheckedPushBack(Any(value));
  }
  template <typename IterType, typename = std::enable_if_t<!std::is_integral_v<IterType>>>
  List(IterType first, IterType last) {
    ObjectPtr<ListObj> p =
        ListObj::Empty(std::max<int64_t>(static_cast<int64_t>(std::distance(first, last)), 0));
    for (; first != last; ++first) p->UncheckedPushBack(Any(T(*first)));
    data_ = std::move(p);
  }

  // ---- reading ----
  size_t size() const { return obj() == nullptr ? 0 : obj()->size(); }
  size_t capacity() const { return obj() == nullptr ? 0 : obj()->capacity(); }
  bool empty() const { return size() == 0; }
  T operator[](int64_t i) const {
    if (obj() == nullptr) TVM_FFI_THROW(IndexError) << "Index " << i << " out of bounds 0";
    return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<T>(obj()->at(i));
  }
  T at(int64_t i) const { return (*this)[i]; }
  T front() const {
    if (empty()) TVM_FFI_THROW(IndexError) << "front() on an empty List";
    return (*this)[0];
  }
  T back() const {
    if (empty()) TVM_FFI_THROW(IndexError) << "back() on an empty List";
    return (*this)[static_cast<int64_t>(size()) - 1];
  }
  iterator begin() const { return iterator(obj() == nullptr ? nullptr : obj()->begin()); }
  iterator end() const { return iterator(obj() == nullptr ? nullptr : obj()->end()); }
  reverse_iterator rbegin() const { return reverse_iterator(end()); }
  reverse_iterator rend() const { return reverse_iterator(begin()); }
  ListObj* GetListObj() const { return obj(); }
  ListObj* get() const { return obj(); }
  ListObj* operator->() const { return obj(); }
  explicit operator std::vector<T>() const { return std::vector<T>(begin(), end()); }
  std::vector<T> to_vector() const { return std::vector<T>(begin(), end()); }

  // ---- mutation (in place, shared) ----
  void push_back(const T& item) { Mutable()->PushBack(Any(item)); }
  template <typename... Args>
  void emplace_back(Args&&... args) {
    push_back(T(std::forward<Args>(args)...));
  }
  void pop_back() {
    if (empty()) TVM_FFI_THROW(IndexError) << "pop_back() on an empty List";
    obj()->ShrinkTo(static_cast<int64_t>(size()) - 1);
  }
  /*! \brief Removes and returns element i. */
  T Pop(int64_t i) { return detail::AnyUnsafe::MoveFromAnyAfterCheck<T>(Mutable()->Pop(i)); }
  void Set(int64_t i, T value) { Mutable()->SetItem(i, Any(std::move(value))); }
  void insert(iterator position, const T& value) {
    Mutable()->Insert(position - begin(), Any(value));
  }
  template <typename IterType>
  void insert(iterator position, IterType first, IterType last) {
    int64_t idx = position - begin();
    std::vector<Any> items;
    for (; first != last; ++first) items.emplace_back(T(*first));
    if (idx < 0 || idx > static_cast<int64_t>(size())) {
      TVM_FFI_THROW(IndexError) << "Index " << idx << " out of bounds [0, " << size() << "]";
    }
    Mutable()->ReplaceRange(idx, idx, std::move(items));
  }
  void erase(iterator position) {
    int64_t idx = position - begin();
    Mutable()->CheckIndex(idx);
    obj()->EraseRange(idx, idx + 1);
  }
  void erase(iterator first, iterator last) {
    Mutable()->EraseRange(first - begin(), last - begin());
  }
  void clear() {
    if (obj() != nullptr) obj()->Clear();
  }
  void reserve(int64_t n) { Mutable()->Reserve(n); }
  void resize(int64_t n) {
    if (n < 0) TVM_FFI_THROW(ValueError) << "cannot resize a List to negative size " << n;
    ListObj* p = Mutable();
    if (n < p->TVMFFISeqCell::size) {
      p->ShrinkTo(n);
    } else {
      p->Reserve(n);
      while (p->TVMFFISeqCell::size < n) p->UncheckedPushBack(DefaultElement());
    }
  }
  void reverse() {
    if (obj() != nullptr) obj()->Reverse();
  }

  using ContainerType = ListObj;
  static constexpr bool _type_is_nullable = false;

 private:
  ListObj* obj() const { return static_cast<ListObj*>(data_.get()); }
  ListObj* Mutable() {
    if (data_ == nullptr) data_ = ListObj::Empty();
    return obj();
  }
  static Any DefaultElement() {
    if constexpr (std::is_default_constructible_v<T>) {
      return Any(T());
    } else {
      return Any();
    }
  }
};

/*! \brief Traits: accepts List (shared when already typed) or Array (copied). */
template <typename T>
struct TypeTraits<List<T>> : public detail::SeqTypeTraitsBase<TypeTraits<List<T>>, List<T>, T> {
  static constexpr int32_t field_static_type_index = TypeIndex::kTVMFFIList;
  static constexpr int32_t kPrimaryTypeIndex = TypeIndex::kTVMFFIList;
  static constexpr int32_t kOtherTypeIndex = TypeIndex::kTVMFFIArray;
  static constexpr const char* kTypeName = "List";
  static constexpr const char* kStaticTypeKey = StaticTypeKey::kTVMFFIList;

  TVM_FFI_INLINE static std::optional<List<T>> CopyFromElements(const Any* first,
                                                                const Any* last) {
    ObjectPtr<ListObj> p = ListObj::Empty(last - first);
    ListObj* raw = p.get();
    bool ok = TypeTraits::ConvertEach(first, last,
                                      [raw](Any v) { raw->UncheckedPushBack(std::move(v)); });
    if (!ok) return std::nullopt;
    return List<T>(ObjectPtr<Object>(std::move(p)));
  }
};

template <typename T, typename U>
inline constexpr bool type_subsumes_v<List<T>, List<U>> = type_subsumes_v<T, U>;

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_CONTAINER_LIST_H_
