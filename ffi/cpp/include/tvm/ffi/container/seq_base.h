// ffi/cpp/include/tvm/ffi/container/seq_base.h: the sequence cell shared by Array and List.
//
// ArrayObj and ListObj are both `{TVMFFIObject; TVMFFISeqCell}` (56 bytes, SPEC
// ARRAY-LAYOUT / LIST-LAYOUT). The elements are TVMFFIAny values owned by the
// object; this header holds the element operations the two share, the typed
// iterator, and the TypeTraits base that converts between Array<T>/List<T>.
#ifndef TVM_FFI_CONTAINER_SEQ_BASE_H_
#define TVM_FFI_CONTAINER_SEQ_BASE_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

namespace tvm {
namespace ffi {

/*!
 * \brief Object part shared by ArrayObj and ListObj: the header followed by the
 *        sequence cell at +24. `data` holds `capacity` slots of which `[0, size)`
 *        are live owned values.
 */
class SeqBaseObj : public Object, public TVMFFISeqCell {
 public:
  SeqBaseObj() {
    data = nullptr;
    TVMFFISeqCell::size = 0;
    TVMFFISeqCell::capacity = 0;
    data_deleter = nullptr;
  }
  SeqBaseObj(const SeqBaseObj&) = delete;
  SeqBaseObj& operator=(const SeqBaseObj&) = delete;

  /*! \return Number of live elements. */
  size_t size() const { return static_cast<size_t>(TVMFFISeqCell::size); }
  /*! \return Number of slots. */
  size_t capacity() const { return static_cast<size_t>(TVMFFISeqCell::capacity); }
  bool empty() const { return TVMFFISeqCell::size == 0; }

  /*! \return Element i, with a bounds check (IndexError). */
  const Any& at(int64_t i) const {
    CheckIndex(i);
    return begin()[i];
  }
  const Any& operator[](int64_t i) const { return at(i); }
  const Any* begin() const { return static_cast<const Any*>(data); }
  const Any* end() const { return begin() + TVMFFISeqCell::size; }
  Any* MutableBegin() { return static_cast<Any*>(data); }
  Any* MutableEnd() { return MutableBegin() + TVMFFISeqCell::size; }

  /*! \brief Throws IndexError unless 0 <= i < size. */
  void CheckIndex(int64_t i) const {
    if (i < 0 || i >= TVMFFISeqCell::size) {
      TVM_FFI_THROW(IndexError) << "Index " << i << " out of bounds " << TVMFFISeqCell::size;
    }
  }

  /*! \brief Constructs `value` in slot `size` (capacity must allow it). */
  void UncheckedPushBack(Any value) {
    new (MutableBegin() + TVMFFISeqCell::size) Any(std::move(value));
    ++TVMFFISeqCell::size;
  }
  /*! \brief Releases elements [new_size, size) and sets size to new_size. */
  void ShrinkTo(int64_t new_size) {
    while (TVMFFISeqCell::size > new_size) {
      --TVMFFISeqCell::size;
      (MutableBegin() + TVMFFISeqCell::size)->~Any();
    }
  }
  /*! \brief Appends None values up to new_size (capacity must allow it). */
  void GrowTo(int64_t new_size) {
    while (TVMFFISeqCell::size < new_size) UncheckedPushBack(Any());
  }
  /*!
   * \brief Moves elements [first, size) by `delta` slots (positive: right), used by
   *        insert/erase. Slots vacated on the left are left as None when
   *        delta > 0; capacity must allow size + delta.
   */
  void ShiftTail(int64_t first, int64_t delta) {
    Any* base = MutableBegin();
    int64_t n = TVMFFISeqCell::size;
    if (delta > 0) {
      for (int64_t i = n - 1; i >= first; --i) {
        new (base + i + delta) Any(std::move(base[i]));
      }
      // slots [n, first + delta) were never constructed when first + delta > n
      for (int64_t i = n; i < first + delta; ++i) new (base + i) Any();
      TVMFFISeqCell::size = n + delta;
    } else if (delta < 0) {
      for (int64_t i = first + delta; i < first; ++i) base[i] = Any();
      for (int64_t i = first; i < n; ++i) base[i + delta] = std::move(base[i]);
      ShrinkTo(n + delta);
    }
  }
  /*! \brief Reverses the elements in place. */
  void Reverse() {
    Any* b = MutableBegin();
    Any* e = MutableEnd();
    while (b < e) {
      --e;
      std::swap(*b, *e);
      ++b;
    }
  }

 protected:
  /*! \brief Releases [0, size) of the current data (SPEC ARRAY-INPLACE-MUTATION). */
  void ReleaseElements() {
    Any* base = MutableBegin();
    for (int64_t i = 0; i < TVMFFISeqCell::size; ++i) (base + i)->~Any();
    TVMFFISeqCell::size = 0;
  }
};

static_assert(sizeof(SeqBaseObj) == 56, "SPEC ARRAY-LAYOUT: the sequence header is 56 bytes");
static_assert(sizeof(Any) == sizeof(TVMFFIAny), "elements are TVMFFIAny slots");

namespace detail {

/*! \brief Random-access iterator over a sequence that yields elements converted to T. */
template <typename T>
class SeqIterator {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = T;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = T;

  SeqIterator() = default;
  explicit SeqIterator(const Any* ptr) : ptr_(ptr) {}

  T operator*() const { return AnyUnsafe::CopyFromAnyViewAfterCheck<T>(*ptr_); }
  T operator[](difference_type n) const { return *(*this + n); }
  SeqIterator& operator++() {
    ++ptr_;
    return *this;
  }
  SeqIterator operator++(int) {
    SeqIterator old = *this;
    ++ptr_;
    return old;
  }
  SeqIterator& operator--() {
    --ptr_;
    return *this;
  }
  SeqIterator operator--(int) {
    SeqIterator old = *this;
    --ptr_;
    return old;
  }
  SeqIterator& operator+=(difference_type n) {
    ptr_ += n;
    return *this;
  }
  SeqIterator& operator-=(difference_type n) {
    ptr_ -= n;
    return *this;
  }
  SeqIterator operator+(difference_type n) const { return SeqIterator(ptr_ + n); }
  SeqIterator operator-(difference_type n) const { return SeqIterator(ptr_ - n); }
  difference_type operator-(const SeqIterator& other) const { return ptr_ - other.ptr_; }
  bool operator==(const SeqIterator& other) const { return ptr_ == other.ptr_; }
  bool operator!=(const SeqIterator& other) const { return ptr_ != other.ptr_; }
  bool operator<(const SeqIterator& other) const { return ptr_ < other.ptr_; }
  bool operator<=(const SeqIterator& other) const { return ptr_ <= other.ptr_; }
  bool operator>(const SeqIterator& other) const { return ptr_ > other.ptr_; }
  bool operator>=(const SeqIterator& other) const { return ptr_ >= other.ptr_; }
  /*! \return The underlying slot. */
  const Any* raw() const { return ptr_; }

 private:
  const Any* ptr_ = nullptr;
};

/*! \brief The sequence object held by an Array/List Any (unchecked). */
TVM_FFI_INLINE const SeqBaseObj* SeqFromAny(const TVMFFIAny* src) {
  return static_cast<const SeqBaseObj*>(reinterpret_cast<Object*>(src->v_obj));
}

/*!
 * \brief TypeTraits shared by Array<T> and List<T>. `Derived` provides
 *        kPrimaryTypeIndex (stored form), kOtherTypeIndex (the other sequence
 *        kind, converted by copying), kTypeName and kStaticTypeKey, and
 *        `static SeqRef CopyFromElements(const Any* first, const Any* last)`
 *        which builds a fresh sequence of converted elements (or nullopt).
 */
template <typename Derived, typename SeqRef, typename T>
struct SeqTypeTraitsBase : public ObjectRefTypeTraitsBase<SeqRef> {
  static_assert(storage_enabled_v<T>, "element type must be storable in an Any");

  /*! \brief Strict: the primary kind with every element already stored as T. */
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    if (src->type_index != Derived::kPrimaryTypeIndex) return false;
    if constexpr (!std::is_same_v<T, Any>) {
      const SeqBaseObj* seq = SeqFromAny(src);
      for (const Any& elem : *seq) {
        if (!AnyUnsafe::CheckAnyStrict<T>(elem)) return false;
      }
    }
    return true;
  }

  /*! \brief Names the first element that does not convert: `Array[index 1: float]`. */
  TVM_FFI_INLINE static std::string GetMismatchTypeInfo(const TVMFFIAny* src) {
    if (src->type_index != Derived::kPrimaryTypeIndex &&
        src->type_index != Derived::kOtherTypeIndex) {
      return TypeTraitsBase::GetMismatchTypeInfo(src);
    }
    if constexpr (!std::is_same_v<T, Any>) {
      const SeqBaseObj* seq = SeqFromAny(src);
      for (size_t i = 0; i < seq->size(); ++i) {
        const Any& elem = seq->begin()[i];
        const TVMFFIAny* raw = AnyUnsafe::TVMFFIAnyPtrFromAny(elem);
        if (!TypeTraits<T>::TryCastFromAnyView(raw).has_value()) {
          return std::string(Derived::kTypeName) + "[index " + std::to_string(i) + ": " +
                 AnyUnsafe::GetMismatchTypeInfo<T>(elem) + "]";
        }
      }
    }
    return TypeTraitsBase::GetMismatchTypeInfo(src);
  }

  /*!
   * \brief Accepts either sequence kind. A primary-kind value whose elements are
   *        already T is shared; anything else is copied with each element
   *        converted, and fails if one does not convert.
   */
  TVM_FFI_INLINE static std::optional<SeqRef> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index != Derived::kPrimaryTypeIndex &&
        src->type_index != Derived::kOtherTypeIndex) {
      return std::nullopt;
    }
    if (src->type_index == Derived::kPrimaryTypeIndex && CheckAnyStrict(src)) {
      return ObjectRefTypeTraitsBase<SeqRef>::CopyFromAnyViewAfterCheck(src);
    }
    const SeqBaseObj* seq = SeqFromAny(src);
    return Derived::CopyFromElements(seq->begin(), seq->end());
  }

  /*! \brief Converts each element of [first, last) to T, or nullopt on the first failure. */
  template <typename Fn>
  TVM_FFI_INLINE static bool ConvertEach(const Any* first, const Any* last, Fn&& push) {
    for (const Any* it = first; it != last; ++it) {
      if constexpr (std::is_same_v<T, Any>) {
        push(Any(*it));
      } else {
        auto value = TypeTraits<T>::TryCastFromAnyView(AnyUnsafe::TVMFFIAnyPtrFromAny(*it));
        if (!value.has_value()) return false;
        push(Any(*std::move(value)));
      }
    }
    return true;
  }

  TVM_FFI_INLINE static std::string TypeStr() {
    return ContainerTypeStr<T>(Derived::kTypeName);
  }
  TVM_FFI_INLINE static std::string TypeSchema() {
    std::ostringstream os;
    os << R"({"type":")" << Derived::kStaticTypeKey << R"(","args":[)"
       << ::tvm::ffi::detail::TypeSchema<T>::v() << "]}";
    return os.str();
  }
};

}  // namespace detail
}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_CONTAINER_SEQ_BASE_H_
