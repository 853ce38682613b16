// ffi/cpp/include/tvm/ffi/container/map_base.h: MapBaseObj, the hash table shared by Map (72) and Dict (76).
//
// The storage is inlined into every module that includes this header, and
// modules built from other SDKs read and mutate the same objects, so every
// byte below follows SPEC §13.3:
//
//   +24 data   +32 size   +40 slots (bit 63 = small layout)   +48 data_deleter
//   dense only: +56 fib_shift (u32)   +64 iter_head   +72 iter_tail
//
// Small layout (MAP-SMALL): `data` points at {Any key; Any value}[capacity],
// live entries first, in insertion order, found by a linear scan. A fresh
// small map keeps its entries inline right after the 56-byte header and has a
// NULL data_deleter.
//
// Dense layout (MAP-DENSE-BLOCK): `data` points at blocks of 16 metadata bytes
// followed by 16 items {key, value, prev, next} (48 bytes each). A key's chain
// starts at its Fibonacci slot (MAP-FIB-HASH); each metadata byte holds a
// head/tail bit and the index of the jump to the next chain member
// (MAP-DENSE-META, MAP-DENSE-PROBE). Iteration follows prev/next in insertion
// order (MAP-ITER-ORDER).
//
// Every Map/Dict object is allocated with at least 80 bytes (MAP-LAYOUT), so
// a Dict can switch from the small to the dense layout without moving.
#ifndef TVM_FFI_CONTAINER_MAP_BASE_H_
#define TVM_FFI_CONTAINER_MAP_BASE_H_

#include <tvm/ffi/any.h>
#include <tvm/ffi/error.h>
#include <tvm/ffi/function_detail.h>
#include <tvm/ffi/memory.h>
#include <tvm/ffi/object.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace tvm {
namespace ffi {

namespace detail {
struct MapOps;
}  // namespace detail

/*!
 * \brief The common object of Map and Dict. It has no type index of its own:
 *        objects are always created as MapObj or DictObj, which add nothing.
 */
class MapBaseObj : public Object {
 public:
  using key_type = Any;
  using mapped_type = Any;
  /*! \brief One entry; a pair of Any is exactly {TVMFFIAny key; TVMFFIAny value}. */
  using KVType = std::pair<Any, Any>;
  static_assert(sizeof(KVType) == 32 && std::is_standard_layout_v<KVType>,
                "a map entry must be two TVMFFIAny values");

  class iterator;

  MapBaseObj() = default;
  MapBaseObj(const MapBaseObj&) = delete;
  MapBaseObj& operator=(const MapBaseObj&) = delete;
  /*! \brief SPEC MAP-DESTROY: the layout is read now, not when the object was made. */
  ~MapBaseObj() { ReleaseStorage(); }

  /*! \return The number of entries. */
  size_t size() const { return static_cast<size_t>(size_); }
  bool empty() const { return size_ == 0; }
  /*! \return 1 when `key` is present, else 0. */
  size_t count(const key_type& key) const;
  /*! \return The value of `key`; throws KeyError when absent. */
  const mapped_type& at(const key_type& key) const;
  mapped_type& at(const key_type& key);
  iterator begin() const;
  iterator end() const;
  /*! \return The entry of `key`, or end(). */
  iterator find(const key_type& key) const;
  /*! \brief Removes the entry at `position` (end() is ignored). */
  void erase(const iterator& position);
  /*! \brief Removes `key` if present. */
  void erase(const key_type& key);
  /*! \brief Removes every entry, keeping the current storage. */
  void clear();

  /*!
   * \brief Forward/backward iterator over the entries in insertion order. It is a
   *        position (small: entry index; dense: slot index) plus the map.
   */
  class iterator {
   public:
    using iterator_category = std::bidirectional_iterator_tag;
    using difference_type = int64_t;
    using value_type = KVType;
    using pointer = KVType*;
    using reference = KVType&;

    iterator() = default;
    bool operator==(const iterator& other) const {
      return pos_ == other.pos_ && owner_ == other.owner_;
    }
    bool operator!=(const iterator& other) const { return !(*this == other); }
    pointer operator->() const;
    reference operator*() const { return *operator->(); }
    iterator& operator++();
    iterator& operator--();
    iterator operator++(int) {
      iterator old = *this;
      ++*this;
      return old;
    }
    iterator operator--(int) {
      iterator old = *this;
      --*this;
      return old;
    }

   private:
    iterator(uint64_t pos, const MapBaseObj* owner) : pos_(pos), owner_(owner) {}
    uint64_t pos_{0};
    const MapBaseObj* owner_{nullptr};
    friend class MapBaseObj;
    friend struct detail::MapOps;
  };

 protected:
  /*! \brief Start of the entry storage (SPEC MAP-LAYOUT, +24). */
  void* data_{nullptr};
  /*! \brief Number of live entries (+32). */
  uint64_t size_{0};
  /*! \brief Capacity, with bit 63 set for the small layout (+40). */
  uint64_t slots_{0};
  /*! \brief Frees `data_` when it is not inline in this object (+48). */
  void (*data_deleter_)(void*) = nullptr;

  static constexpr uint64_t kSmallTagMask = static_cast<uint64_t>(1) << 63;
  bool IsSmallMap() const { return (slots_ & kSmallTagMask) != 0; }

 private:
  void ReleaseStorage();

  friend struct detail::MapOps;
  template <typename, typename, typename>
  friend class Map;
  template <typename, typename, typename>
  friend class Dict;
};

static_assert(sizeof(MapBaseObj) == 56, "SPEC MAP-LAYOUT: the Map/Dict header is 56 bytes");

namespace detail {

/*!
 * \brief The storage algorithms of both layouts. All placements, probes, growth
 *        steps and iteration orders match the reference bit for bit, because
 *        other parties' inline code reads and extends the same tables.
 */
struct MapOps {
  using KVType = MapBaseObj::KVType;

  // ---- constants --------------------------------------------------------------------------
  static constexpr uint64_t kSmallTag = MapBaseObj::kSmallTagMask;
  /*! \brief A new small map has room for at least this many entries. */
  static constexpr uint64_t kSmallInitCap = 2;
  /*! \brief A small map never holds more than this many entries. */
  static constexpr uint64_t kSmallMaxCap = 4;
  static constexpr uint64_t kSlotsPerBlock = 16;
  static constexpr uint8_t kMetaEmpty = 0xFF;
  static constexpr uint8_t kMetaProtected = 0xFE;
  static constexpr uint8_t kMetaTailBit = 0x80;
  static constexpr uint8_t kMetaJumpMask = 0x7F;
  static constexpr int kJumpCount = 126;
  static constexpr uint64_t kNone = std::numeric_limits<uint64_t>::max();
  static constexpr uint64_t kFibMultiplier = 11400714819323198485ull;
  static constexpr double kMaxLoad = 0.99;

  /*! \brief A dense slot: {key, value, prev, next}. */
  struct DenseItem {
    KVType kv;
    uint64_t prev;
    uint64_t next;
  };
  static_assert(sizeof(DenseItem) == 48, "SPEC MAP-DENSE-BLOCK: items are 48 bytes");
  static constexpr uint64_t kBlockBytes = kSlotsPerBlock + kSlotsPerBlock * sizeof(DenseItem);

  /*! \brief The dense-only fields at +56 (SPEC MAP-LAYOUT). */
  struct DenseTail {
    uint32_t fib_shift;
    uint32_t reserved;
    uint64_t iter_head;
    uint64_t iter_tail;
  };
  static_assert(sizeof(DenseTail) == 24, "dense tail must end at +80");
  static constexpr size_t kMinObjectBytes = sizeof(MapBaseObj) + sizeof(DenseTail);

  /*! \brief SPEC MAP-DENSE-PROBE: the 126 jump distances. */
  static uint64_t Jump(int k) {
    static const uint64_t table[kJumpCount] = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        // triangle numbers T(n) for n = 6 .. 72
        21, 28, 36, 45, 55, 66, 78, 91, 105, 120, 136, 153, 171, 190, 210, 231, 253, 276, 300,
        325, 351, 378, 406, 435, 465, 496, 528, 561, 595, 630, 666, 703, 741, 780, 820, 861, 903,
        946, 990, 1035, 1081, 1128, 1176, 1225, 1275, 1326, 1378, 1431, 1485, 1540, 1596, 1653,
        1711, 1770, 1830, 1891, 1953, 2016, 2080, 2145, 2211, 2278, 2346, 2415, 2485, 2556, 2628,
        // T(n) for n = 130, 195, 292, ... growing roughly 1.5x each
        8515ull, 19110ull, 42778ull, 96141ull, 216153ull, 486591ull, 1092981ull, 2458653ull,
        5532801ull, 12442566ull, 27993903ull, 62983476ull, 141717030ull, 318844378ull,
        717352503ull, 1614057336ull, 3631522476ull, 8170957530ull, 18384510628ull,
        41364789378ull, 93070452520ull, 209408356380ull, 471168559170ull, 1060128894105ull,
        2385289465695ull, 5366898840628ull, 12075518705635ull, 27169915244790ull,
        61132312065111ull, 137547689707000ull, 309482283181501ull, 696335127828753ull,
        1566753995631385ull, 3525196511162271ull, 7931691992677701ull, 17846306936293605ull,
        40154190677507445ull, 90346928918121501ull, 203280589587557251ull,
        457381325854679626ull, 1029107982097042876ull, 2315492959180353330ull,
        5209859154120846435ull};
    return table[k];
  }

  // ---- raw accessors ----------------------------------------------------------------------
  static DenseTail* Tail(const MapBaseObj* m) {
    return reinterpret_cast<DenseTail*>(
        reinterpret_cast<char*>(const_cast<MapBaseObj*>(m)) + sizeof(MapBaseObj));
  }
  static uint64_t SmallCap(const MapBaseObj* m) { return m->slots_ & ~kSmallTag; }
  static KVType* SmallEntries(const MapBaseObj* m) { return static_cast<KVType*>(m->data_); }
  static uint8_t* BlockOf(const MapBaseObj* m, uint64_t slot) {
    return static_cast<uint8_t*>(m->data_) + (slot / kSlotsPerBlock) * kBlockBytes;
  }
  static uint8_t& Meta(const MapBaseObj* m, uint64_t slot) {
    return BlockOf(m, slot)[slot % kSlotsPerBlock];
  }
  static DenseItem& Item(const MapBaseObj* m, uint64_t slot) {
    return *reinterpret_cast<DenseItem*>(BlockOf(m, slot) + kSlotsPerBlock +
                                         (slot % kSlotsPerBlock) * sizeof(DenseItem));
  }
  static uint64_t BlockCount(uint64_t slots) {
    return (slots + kSlotsPerBlock - 1) / kSlotsPerBlock;
  }
  static bool MetaIsHead(uint8_t meta) { return (meta & kMetaTailBit) == 0; }
  static bool MetaIsLive(uint8_t meta) { return meta != kMetaEmpty && meta != kMetaProtected; }
  static uint64_t FibSlot(uint64_t hash, uint32_t shift) { return (kFibMultiplier * hash) >> shift; }

  // ---- allocation -------------------------------------------------------------------------
  static void BlocksFree(void* data) { ::operator delete(data); }
  /*! \brief Data deleter of a small map whose entries live inline in another map object. */
  static void InlineOwnerRelease(void* data) {
    ObjectUnsafe::DecRefObjectHandle(ObjectUnsafe::GetHeader(reinterpret_cast<MapBaseObj*>(
        static_cast<char*>(data) - sizeof(MapBaseObj))));
  }

  /*! \brief A new small map of type TObj with room for max(cap, 2) inline entries. */
  template <typename TObj>
  static ObjectPtr<Object> NewSmall(uint64_t cap) {
    static_assert(sizeof(TObj) == sizeof(MapBaseObj), "Map/Dict objects add no fields");
    cap = std::max(cap, kSmallInitCap);
    static_assert(sizeof(MapBaseObj) + kSmallInitCap * sizeof(KVType) >= kMinObjectBytes);
    ObjectPtr<TObj> p = make_inplace_array_object<TObj, KVType>(cap);
    p->data_ = reinterpret_cast<char*>(p.get()) + sizeof(MapBaseObj);
    p->size_ = 0;
    p->slots_ = cap | kSmallTag;
    p->data_deleter_ = nullptr;
    return ObjectPtr<Object>(std::move(p));
  }

  /*! \brief A new empty dense map of type TObj with `slots` (a power of two) slots. */
  template <typename TObj>
  static ObjectPtr<Object> NewDense(uint32_t fib_shift, uint64_t slots) {
    static_assert(sizeof(TObj) == sizeof(MapBaseObj), "Map/Dict objects add no fields");
    // The 24 trailing bytes hold the dense tail (SPEC MAP-LAYOUT: 80 bytes in all).
    ObjectPtr<TObj> p = make_inplace_array_object<TObj, uint64_t>(3);
    uint64_t blocks = BlockCount(slots);
    void* data = ::operator new(blocks * kBlockBytes);
    for (uint64_t b = 0; b < blocks; ++b) {
      std::memset(static_cast<uint8_t*>(data) + b * kBlockBytes, kMetaEmpty, kSlotsPerBlock);
    }
    p->data_ = data;
    p->data_deleter_ = BlocksFree;
    p->size_ = 0;
    p->slots_ = slots;
    DenseTail* tail = Tail(p.get());
    tail->fib_shift = fib_shift;
    tail->reserved = 0;
    tail->iter_head = kNone;
    tail->iter_tail = kNone;
    return ObjectPtr<Object>(std::move(p));
  }

  /*!
   * \brief Smallest power-of-two table for `cap` entries: the first power of two
   *        above cap, doubled again when that is less than twice cap.
   */
  static void TableSizeFor(uint64_t cap, uint32_t* fib_shift, uint64_t* slots) {
    uint32_t shift = 64;
    uint64_t n = 1;
    for (uint64_t c = cap; c != 0; c >>= 1) {
      --shift;
      n <<= 1;
    }
    if (n < cap * 2) {
      --shift;
      n <<= 1;
    }
    *fib_shift = shift;
    *slots = n;
  }

  // ---- release ----------------------------------------------------------------------------
  static void DestroyDenseEntries(MapBaseObj* m) {
    uint64_t blocks = BlockCount(m->slots_);
    for (uint64_t s = 0; s < blocks * kSlotsPerBlock; ++s) {
      uint8_t& meta = Meta(m, s);
      if (MetaIsLive(meta)) {
        meta = kMetaEmpty;
        Item(m, s).kv.~KVType();
      }
    }
    m->size_ = 0;
    Tail(m)->iter_head = kNone;
    Tail(m)->iter_tail = kNone;
  }
  static void DestroySmallEntries(MapBaseObj* m) {
    KVType* kv = SmallEntries(m);
    for (uint64_t i = 0; i < m->size_; ++i) kv[i].~KVType();
    m->size_ = 0;
  }
  /*! \brief Destroys every entry and frees separately allocated storage. */
  static void ReleaseAll(MapBaseObj* m) {
    if (m->IsSmallMap()) {
      DestroySmallEntries(m);
    } else if (m->data_ != nullptr) {
      DestroyDenseEntries(m);
    }
    if (m->data_deleter_ != nullptr && m->data_ != nullptr) m->data_deleter_(m->data_);
    m->data_ = nullptr;
    m->data_deleter_ = nullptr;
    m->size_ = 0;
    m->slots_ = 0;
  }

  // ---- lookup -----------------------------------------------------------------------------
  static uint64_t SmallFind(const MapBaseObj* m, const Any& key) {
    KVType* kv = SmallEntries(m);
    for (uint64_t i = 0; i < m->size_; ++i) {
      if (AnyEqual()(kv[i].first, key)) return i;
    }
    return m->size_;
  }
  /*! \brief Next slot in a chain, or kNone at its end. */
  static uint64_t ChainNext(const MapBaseObj* m, uint64_t slot, uint8_t meta) {
    uint64_t jump = Jump(meta & kMetaJumpMask);
    return jump == 0 ? kNone : (slot + jump) % m->slots_;
  }
  static uint64_t DenseFind(const MapBaseObj* m, const Any& key) {
    if (m->size_ == 0) return kNone;
    uint64_t slot = FibSlot(AnyHash()(key), Tail(m)->fib_shift);
    if (!MetaIsHead(Meta(m, slot))) return kNone;
    for (; slot != kNone; slot = ChainNext(m, slot, Meta(m, slot))) {
      if (AnyEqual()(key, Item(m, slot).kv.first)) return slot;
    }
    return kNone;
  }
  /*! \return Position of `key` (see iterator), or the end position. */
  static uint64_t FindPos(const MapBaseObj* m, const Any& key) {
    return m->IsSmallMap() ? SmallFind(m, key) : DenseFind(m, key);
  }
  static uint64_t EndPos(const MapBaseObj* m) { return m->IsSmallMap() ? m->size_ : kNone; }
  static uint64_t BeginPos(const MapBaseObj* m) {
    return m->IsSmallMap() ? 0 : Tail(m)->iter_head;
  }
  static KVType* EntryAt(const MapBaseObj* m, uint64_t pos) {
    return m->IsSmallMap() ? SmallEntries(m) + pos : &Item(m, pos).kv;
  }
  static uint64_t NextPos(const MapBaseObj* m, uint64_t pos) {
    if (m->IsSmallMap()) return pos + 1 < m->size_ ? pos + 1 : m->size_;
    return pos == kNone ? kNone : Item(m, pos).next;
  }
  static uint64_t PrevPos(const MapBaseObj* m, uint64_t pos) {
    if (m->IsSmallMap()) return pos > 0 ? pos - 1 : m->size_;
    return pos == kNone ? Tail(m)->iter_tail : Item(m, pos).prev;
  }

  // ---- insertion-order list (SPEC MAP-ITER-ORDER) -----------------------------------------
  static void ListUnlink(MapBaseObj* m, uint64_t slot) {
    DenseTail* t = Tail(m);
    DenseItem& it = Item(m, slot);
    if (it.prev == kNone) {
      t->iter_head = it.next;
    } else {
      Item(m, it.prev).next = it.next;
    }
    if (it.next == kNone) {
      t->iter_tail = it.prev;
    } else {
      Item(m, it.next).prev = it.prev;
    }
  }
  static void ListAppend(MapBaseObj* m, uint64_t slot) {
    DenseTail* t = Tail(m);
    DenseItem& it = Item(m, slot);
    it.prev = t->iter_tail;
    it.next = kNone;
    if (t->iter_tail != kNone) Item(m, t->iter_tail).next = slot;
    if (t->iter_head == kNone) t->iter_head = slot;
    t->iter_tail = slot;
  }
  /*! \brief Puts `to` where `from` was in the list; the item contents are not touched. */
  static void ListTransfer(MapBaseObj* m, uint64_t from, uint64_t to) {
    DenseTail* t = Tail(m);
    DenseItem& src = Item(m, from);
    DenseItem& dst = Item(m, to);
    dst.prev = src.prev;
    dst.next = src.next;
    if (dst.prev == kNone) {
      t->iter_head = to;
    } else {
      Item(m, dst.prev).next = to;
    }
    if (dst.next == kNone) {
      t->iter_tail = to;
    } else {
      Item(m, dst.next).prev = to;
    }
  }

  // ---- dense insertion --------------------------------------------------------------------
  static void SetJump(MapBaseObj* m, uint64_t slot, uint8_t jump) {
    uint8_t& meta = Meta(m, slot);
    meta = static_cast<uint8_t>((meta & kMetaTailBit) | jump);
  }
  /*! \brief Places a new entry with key `key` and a None value at an empty slot. */
  static void PlaceItem(MapBaseObj* m, uint64_t slot, uint8_t meta, KVType&& kv) {
    Meta(m, slot) = meta;
    DenseItem* it = &Item(m, slot);
    new (&it->kv) KVType(std::move(kv));
    it->prev = kNone;
    it->next = kNone;
  }
  /*! \brief First empty slot reachable from `slot` by a nonzero jump. */
  static bool FindEmptyAfter(const MapBaseObj* m, uint64_t slot, uint8_t* jump, uint64_t* out) {
    for (int k = 1; k < kJumpCount; ++k) {
      uint64_t candidate = (slot + Jump(k)) % m->slots_;
      if (Meta(m, candidate) == kMetaEmpty) {
        *jump = static_cast<uint8_t>(k);
        *out = candidate;
        return true;
      }
    }
    return false;
  }
  /*! \brief The chain member just before `slot` (which is not a head). */
  static uint64_t ChainPrev(const MapBaseObj* m, uint64_t slot) {
    uint64_t prev = FibSlot(AnyHash()(Item(m, slot).kv.first), Tail(m)->fib_shift);
    uint64_t cur = ChainNext(m, prev, Meta(m, prev));
    while (cur != slot) {
      prev = cur;
      cur = ChainNext(m, cur, Meta(m, cur));
    }
    return prev;
  }
  static bool WouldOverload(const MapBaseObj* m) {
    return static_cast<double>(m->size_ + 1) > static_cast<double>(m->slots_) * kMaxLoad;
  }
  /*!
   * \brief Frees slot `target` (a non-head member of another chain) by moving it
   *        and the rest of its chain further down, then makes it the head of a new
   *        chain for `key`.
   */
  static bool EvictAndPlaceHead(MapBaseObj* m, uint64_t target, const Any& key, uint64_t* out) {
    uint64_t read = target;
    uint64_t write = ChainPrev(m, target);
    bool first = true;
    while (true) {
      uint8_t jump;
      uint64_t empty;
      if (!FindEmptyAfter(m, write, &jump, &empty)) return false;
      DenseItem& src = Item(m, read);
      PlaceItem(m, empty, kMetaTailBit, std::move(src.kv));
      ListTransfer(m, read, empty);
      src.kv.~KVType();
      uint8_t read_meta = Meta(m, read);
      // The vacated target stays unusable until the new head is written there.
      Meta(m, read) = first ? kMetaProtected : kMetaEmpty;
      first = false;
      SetJump(m, write, jump);
      write = empty;
      read = ChainNext(m, read, read_meta);
      if (read == kNone) break;
    }
    PlaceItem(m, target, 0, KVType(key, Any()));
    m->size_ += 1;
    *out = target;
    return true;
  }
  /*!
   * \brief Finds or makes the slot of `key`. A found entry is unlinked from the
   *        insertion list (the caller appends it again, so an updated key moves to
   *        the end, as in the reference). False when the table must grow.
   */
  static bool DenseClaim(MapBaseObj* m, const Any& key, uint64_t* out) {
    if (m->slots_ == 0) return false;
    uint64_t slot = FibSlot(AnyHash()(key), Tail(m)->fib_shift);
    uint8_t meta = Meta(m, slot);
    if (meta == kMetaEmpty) {
      PlaceItem(m, slot, 0, KVType(key, Any()));
      m->size_ += 1;
      *out = slot;
      return true;
    }
    if (!MetaIsHead(meta)) {
      if (WouldOverload(m)) return false;
      return EvictAndPlaceHead(m, slot, key, out);
    }
    uint64_t last = slot;
    for (uint64_t cur = slot; cur != kNone; cur = ChainNext(m, cur, Meta(m, cur))) {
      if (AnyEqual()(key, Item(m, cur).kv.first)) {
        ListUnlink(m, cur);
        *out = cur;
        return true;
      }
      last = cur;
    }
    if (WouldOverload(m)) return false;
    uint8_t jump;
    uint64_t empty;
    if (!FindEmptyAfter(m, last, &jump, &empty)) return false;
    PlaceItem(m, empty, kMetaTailBit, KVType(key, Any()));
    SetJump(m, last, jump);
    m->size_ += 1;
    *out = empty;
    return true;
  }
  /*!
   * \brief Inserts or updates into dense `map`.
   * \return A replacement map when the table had to grow (then `map` is left
   *         empty with its storage released), otherwise null.
   */
  template <typename TObj>
  static ObjectPtr<Object> DenseInsert(KVType&& kv, const ObjectPtr<Object>& map) {
    MapBaseObj* m = static_cast<MapBaseObj*>(map.get());
    uint64_t slot;
    if (DenseClaim(m, kv.first, &slot)) {
      Item(m, slot).kv.second = std::move(kv.second);
      ListAppend(m, slot);
      return ObjectPtr<Object>(nullptr);
    }
    uint32_t shift = Tail(m)->fib_shift - 1;
    uint64_t slots = m->slots_ * 2;
    if (slots == 0) TableSizeFor(1, &shift, &slots);  // storage already released elsewhere
    ObjectPtr<Object> grown = NewDense<TObj>(shift, slots);
    for (uint64_t s = Tail(m)->iter_head; s != kNone;) {
      DenseItem& it = Item(m, s);
      ObjectPtr<Object> again = DenseInsert<TObj>(std::move(it.kv), grown);
      if (again != nullptr) grown = std::move(again);
      s = it.next;
      it.kv.~KVType();
    }
    ObjectPtr<Object> again = DenseInsert<TObj>(std::move(kv), grown);
    if (again != nullptr) grown = std::move(again);
    // Entries were moved out and destroyed above; only the blocks remain.
    if (m->data_deleter_ != nullptr && m->data_ != nullptr) m->data_deleter_(m->data_);
    m->data_ = nullptr;
    m->data_deleter_ = nullptr;
    m->slots_ = 0;
    m->size_ = 0;
    Tail(m)->fib_shift = 63;
    return grown;
  }

  // ---- small insertion --------------------------------------------------------------------
  template <typename TObj>
  static ObjectPtr<Object> SmallCopyRange(uint64_t cap, const MapBaseObj* from) {
    ObjectPtr<Object> p = NewSmall<TObj>(cap);
    MapBaseObj* m = static_cast<MapBaseObj*>(p.get());
    KVType* dst = SmallEntries(m);
    for (uint64_t pos = BeginPos(from); pos != EndPos(from); pos = NextPos(from, pos)) {
      new (dst + m->size_) KVType(*EntryAt(from, pos));
      ++m->size_;
    }
    return p;
  }
  template <typename TObj>
  static ObjectPtr<Object> SmallInsert(KVType&& kv, const ObjectPtr<Object>& map) {
    MapBaseObj* m = static_cast<MapBaseObj*>(map.get());
    uint64_t pos = SmallFind(m, kv.first);
    if (pos < m->size_) {
      SmallEntries(m)[pos].second = kv.second;
      return ObjectPtr<Object>(nullptr);
    }
    if (m->size_ < SmallCap(m)) {
      new (SmallEntries(m) + m->size_) KVType(std::move(kv));
      ++m->size_;
      return ObjectPtr<Object>(nullptr);
    }
    uint64_t next_cap = std::min(std::max(SmallCap(m) * 2, kSmallInitCap), kSmallMaxCap);
    ObjectPtr<Object> grown = SmallCopyRange<TObj>(next_cap, m);
    ObjectPtr<Object> again = SmallInsert<TObj>(std::move(kv), grown);
    if (again != nullptr) grown = std::move(again);
    return grown;
  }

  /*!
   * \brief Inserts or updates `kv` in `map` (which the caller may mutate).
   * \return A replacement map when the layout or capacity changed, else null.
   */
  template <typename TObj>
  static ObjectPtr<Object> Insert(KVType&& kv, const ObjectPtr<Object>& map) {
    MapBaseObj* m = static_cast<MapBaseObj*>(map.get());
    if (!m->IsSmallMap()) return DenseInsert<TObj>(std::move(kv), map);
    uint64_t cap = SmallCap(m);
    if (cap < kSmallMaxCap || m->size_ < cap) return SmallInsert<TObj>(std::move(kv), map);
    // A full small map of the largest capacity turns dense, even when kv only
    // updates an existing key (which then moves to the end, see DenseClaim).
    ObjectPtr<Object> dense = FromRange<TObj>(EntryRange{m});
    ObjectPtr<Object> again = DenseInsert<TObj>(std::move(kv), dense);
    if (again != nullptr) dense = std::move(again);
    return dense;
  }

  /*! \brief Adapts the entries of a map to the range interface of FromRange. */
  struct EntryRange {
    const MapBaseObj* m;
    struct It {
      const MapBaseObj* m;
      uint64_t pos;
      const KVType& operator*() const { return *EntryAt(m, pos); }
      It& operator++() {
        pos = NextPos(m, pos);
        return *this;
      }
      bool operator!=(const It& o) const { return pos != o.pos; }
    };
    It begin() const { return It{m, BeginPos(m)}; }
    It end() const { return It{m, EndPos(m)}; }
    uint64_t count() const { return m->size_; }
  };
  template <typename IterType>
  struct IterRange {
    IterType first, last;
    IterType begin() const { return first; }
    IterType end() const { return last; }
    int64_t count() const { return static_cast<int64_t>(std::distance(first, last)); }
  };

  /*!
   * \brief Builds a map from a range of pairs: fewer than 4 entries make a small
   *        map of exactly that capacity (at least 2), 4 or more a dense map sized
   *        by TableSizeFor. Later duplicates overwrite earlier ones.
   */
  template <typename TObj, typename Range>
  static ObjectPtr<Object> FromRange(const Range& range) {
    int64_t n = static_cast<int64_t>(range.count());
    if (n < 0) return NewSmall<TObj>(kSmallInitCap);
    uint64_t cap = static_cast<uint64_t>(n);
    ObjectPtr<Object> p;
    if (cap < kSmallMaxCap) {
      p = NewSmall<TObj>(cap);
      for (auto it = range.begin(); it != range.end(); ++it) {
        ObjectPtr<Object> again = SmallInsert<TObj>(KVType((*it).first, (*it).second), p);
        if (again != nullptr) p = std::move(again);
      }
    } else {
      uint32_t shift;
      uint64_t slots;
      TableSizeFor(cap, &shift, &slots);
      p = NewDense<TObj>(shift, slots);
      for (auto it = range.begin(); it != range.end(); ++it) {
        ObjectPtr<Object> again = DenseInsert<TObj>(KVType((*it).first, (*it).second), p);
        if (again != nullptr) p = std::move(again);
      }
    }
    return p;
  }

  /*! \brief A copy with the same layout, capacity and iteration order. */
  template <typename TObj>
  static ObjectPtr<Object> Copy(const MapBaseObj* from) {
    if (from->IsSmallMap()) return SmallCopyRange<TObj>(from->size_, from);
    ObjectPtr<Object> p = NewDense<TObj>(Tail(from)->fib_shift, from->slots_);
    MapBaseObj* m = static_cast<MapBaseObj*>(p.get());
    for (uint64_t s = 0; s < BlockCount(from->slots_) * kSlotsPerBlock; ++s) {
      uint8_t meta = Meta(from, s);
      Meta(m, s) = meta;
      if (MetaIsLive(meta)) new (&Item(m, s)) DenseItem(Item(from, s));
    }
    m->size_ = from->size_;
    Tail(m)->iter_head = Tail(from)->iter_head;
    Tail(m)->iter_tail = Tail(from)->iter_tail;
    return p;
  }

  // ---- erase ------------------------------------------------------------------------------
  static void SmallErase(MapBaseObj* m, uint64_t pos) {
    if (pos >= m->size_) return;
    KVType* kv = SmallEntries(m);
    kv[pos].~KVType();
    // A raw move keeps the order; an Any is relocatable bytewise.
    if (pos + 1 < m->size_) {
      std::memmove(static_cast<void*>(kv + pos), static_cast<void*>(kv + pos + 1),
                   (m->size_ - pos - 1) * sizeof(KVType));
    }
    m->size_ -= 1;
  }
  static void DenseErase(MapBaseObj* m, uint64_t slot) {
    m->size_ -= 1;
    uint8_t meta = Meta(m, slot);
    if (Jump(meta & kMetaJumpMask) == 0) {
      // The last member of its chain: cut the link from its predecessor.
      if (!MetaIsHead(meta)) SetJump(m, ChainPrev(m, slot), 0);
      ListUnlink(m, slot);
      Item(m, slot).kv.~KVType();
      Meta(m, slot) = kMetaEmpty;
      return;
    }
    // Otherwise the chain's last member moves into this slot.
    uint64_t prev = slot;
    uint64_t last = ChainNext(m, slot, meta);
    while (Jump(Meta(m, last) & kMetaJumpMask) != 0) {
      prev = last;
      last = ChainNext(m, last, Meta(m, last));
    }
    ListUnlink(m, slot);
    Item(m, slot).kv = std::move(Item(m, last).kv);
    ListTransfer(m, last, slot);
    Item(m, last).kv.~KVType();
    Meta(m, last) = kMetaEmpty;
    SetJump(m, prev, 0);
  }
  static void ErasePos(MapBaseObj* m, uint64_t pos) {
    if (m->IsSmallMap()) {
      SmallErase(m, pos);
    } else if (pos != kNone && pos < m->slots_) {
      DenseErase(m, pos);
    }
  }

  // ---- in-place layout switch (Dict) ------------------------------------------------------
  /*!
   * \brief Makes `self` take over the storage of `other` (a map just built from
   *        it by Insert), leaving `other` empty. If `other` keeps its entries
   *        inline, `self` keeps `other` alive through InlineOwnerRelease.
   */
  static void AdoptStorage(MapBaseObj* self, ObjectPtr<Object>&& other) {
    MapBaseObj* o = static_cast<MapBaseObj*>(other.get());
    ReleaseAll(self);
    self->size_ = o->size_;
    self->slots_ = o->slots_;
    self->data_ = o->data_;
    if (o->IsSmallMap()) {
      if (o->data_deleter_ != nullptr) {
        self->data_deleter_ = o->data_deleter_;
      } else {
        self->data_deleter_ = InlineOwnerRelease;
        // The reference now belongs to InlineOwnerRelease.
        (void)ObjectUnsafe::MoveObjectPtrToTVMFFIObjectPtr(std::move(other));
      }
    } else {
      self->data_deleter_ = o->data_deleter_;
      *Tail(self) = *Tail(o);
    }
    o->data_ = nullptr;
    o->data_deleter_ = nullptr;
    o->size_ = 0;
    o->slots_ = 0;
  }
};

/*! \brief Shared TypeTraits checks of Map<K, V> and Dict<K, V>. */
template <typename K, typename V>
TVM_FFI_INLINE bool MapEntriesAre(const MapBaseObj* m) {
  if constexpr (std::is_same_v<K, Any> && std::is_same_v<V, Any>) {
    return true;
  } else {
    for (const auto& kv : *m) {
      if (!AnyUnsafe::CheckAnyStrict<K>(kv.first)) return false;
      if (!AnyUnsafe::CheckAnyStrict<V>(kv.second)) return false;
    }
    return true;
  }
}

}  // namespace detail

inline void MapBaseObj::ReleaseStorage() { detail::MapOps::ReleaseAll(this); }

inline size_t MapBaseObj::count(const key_type& key) const {
  return detail::MapOps::FindPos(this, key) != detail::MapOps::EndPos(this) ? 1 : 0;
}
inline const MapBaseObj::mapped_type& MapBaseObj::at(const key_type& key) const {
  uint64_t pos = detail::MapOps::FindPos(this, key);
  if (pos == detail::MapOps::EndPos(this)) TVM_FFI_THROW(KeyError) << "key is not in Map";
  return detail::MapOps::EntryAt(this, pos)->second;
}
inline MapBaseObj::mapped_type& MapBaseObj::at(const key_type& key) {
  uint64_t pos = detail::MapOps::FindPos(this, key);
  if (pos == detail::MapOps::EndPos(this)) TVM_FFI_THROW(KeyError) << "key is not in Map";
  return detail::MapOps::EntryAt(this, pos)->second;
}
inline MapBaseObj::iterator MapBaseObj::begin() const {
  return iterator(detail::MapOps::BeginPos(this), this);
}
inline MapBaseObj::iterator MapBaseObj::end() const {
  return iterator(detail::MapOps::EndPos(this), this);
}
inline MapBaseObj::iterator MapBaseObj::find(const key_type& key) const {
  return iterator(detail::MapOps::FindPos(this, key), this);
}
inline void MapBaseObj::erase(const iterator& position) {
  if (position.owner_ == nullptr) return;
  detail::MapOps::ErasePos(this, position.pos_);
}
inline void MapBaseObj::erase(const key_type& key) { erase(find(key)); }
inline void MapBaseObj::clear() {
  if (IsSmallMap()) {
    detail::MapOps::DestroySmallEntries(this);
  } else if (data_ != nullptr) {
    detail::MapOps::DestroyDenseEntries(this);
  }
}
inline MapBaseObj::iterator::pointer MapBaseObj::iterator::operator->() const {
  return detail::MapOps::EntryAt(owner_, pos_);
}
inline MapBaseObj::iterator& MapBaseObj::iterator::operator++() {
  pos_ = detail::MapOps::NextPos(owner_, pos_);
  return *this;
}
inline MapBaseObj::iterator& MapBaseObj::iterator::operator--() {
  pos_ = detail::MapOps::PrevPos(owner_, pos_);
  return *this;
}

/*!
 * \brief TypeTraits shared by Map<K, V> and Dict<K, V>. `kExact` is the index the
 *        reference type stores (Map or Dict); `kConvertible` is the other one,
 *        accepted by a cast (which copies into a new object).
 */
template <typename MapRef, typename K, typename V, int32_t kExact, int32_t kConvertible>
struct MapTypeTraitsBase : public ObjectRefTypeTraitsBase<MapRef> {
  TVM_FFI_INLINE static bool CheckAnyStrict(const TVMFFIAny* src) {
    return src->type_index == kExact &&
           detail::MapEntriesAre<K, V>(reinterpret_cast<const MapBaseObj*>(src->v_obj));
  }
  TVM_FFI_INLINE static std::optional<MapRef> TryCastFromAnyView(const TVMFFIAny* src) {
    if (src->type_index != kExact && src->type_index != kConvertible) return std::nullopt;
    const MapBaseObj* m = reinterpret_cast<const MapBaseObj*>(src->v_obj);
    if (src->type_index == kExact && detail::MapEntriesAre<K, V>(m)) {
      return ObjectRefTypeTraitsBase<MapRef>::CopyFromAnyViewAfterCheck(src);
    }
    MapRef result;
    for (const auto& kv : *m) {
      std::optional<K> k = kv.first.template try_cast<K>();
      std::optional<V> v = kv.second.template try_cast<V>();
      if (!k.has_value() || !v.has_value()) return std::nullopt;
      result.Set(*std::move(k), *std::move(v));
    }
    return result;
  }
  TVM_FFI_INLINE static std::string GetMismatchTypeInfo(const TVMFFIAny* src) {
    if (src->type_index == kExact || src->type_index == kConvertible) {
      const MapBaseObj* m = reinterpret_cast<const MapBaseObj*>(src->v_obj);
      for (const auto& kv : *m) {
        if constexpr (!std::is_same_v<K, Any>) {
          if (!kv.first.template try_cast<K>().has_value()) {
            return std::string(MapRef::kTypeName) + "[some key is " +
                   detail::AnyUnsafe::GetMismatchTypeInfo<K>(kv.first) + ", V]";
          }
        }
        if constexpr (!std::is_same_v<V, Any>) {
          if (!kv.second.template try_cast<V>().has_value()) {
            return std::string(MapRef::kTypeName) + "[K, some value is " +
                   detail::AnyUnsafe::GetMismatchTypeInfo<V>(kv.second) + "]";
          }
        }
      }
    }
    return TypeTraitsBase::GetMismatchTypeInfo(src);
  }
  TVM_FFI_INLINE static std::string TypeStr() {
    return std::string(MapRef::kTypeName) + "<" + detail::Type2Str<K>::v() + ", " +
           detail::Type2Str<V>::v() + ">";
  }
  TVM_FFI_INLINE static std::string TypeSchema() {
    return std::string(R"({"type":")") + MapRef::ContainerType::_type_key + R"(","args":[)" +
           detail::TypeSchema<K>::v() + "," + detail::TypeSchema<V>::v() + "]}";
  }
};

/*!
 * \brief The handle code Map<K, V> and Dict<K, V> have in common: construction,
 *        assignment, lookups and iteration. `Ref` is the handle template (Map or
 *        Dict) and `TObj` its object; how a mutation treats other holders
 *        (copy-on-write or in place) is the one thing each handle defines itself.
 */
template <template <typename, typename, typename> class Ref, typename TObj, typename K,
          typename V>
class MapRefBase : public ObjectRef {
  // A handle whose entries convert to ours shares the same object.
  template <typename KU, typename VU>
  static constexpr bool kSubsumes = type_subsumes_v<K, KU> && type_subsumes_v<V, VU>;
  // The third parameter of Map/Dict is the enable_if guard; it is void when valid.
  template <typename KU, typename VU>
  using RefOf = Ref<KU, VU, void>;

 public:
  using key_type = K;
  using mapped_type = V;
  class iterator;

  explicit MapRefBase(UnsafeInit tag) : ObjectRef(tag) {}
  /*! \brief An empty map. */
  MapRefBase() { data_ = detail::MapOps::NewSmall<TObj>(detail::MapOps::kSmallInitCap); }
  template <typename KU, typename VU, typename = std::enable_if_t<kSubsumes<KU, VU>>>
  MapRefBase(const RefOf<KU, VU>& other)  // NOLINT(google-explicit-constructor)
      : ObjectRef(static_cast<const ObjectRef&>(other)) {}
  template <typename KU, typename VU, typename = std::enable_if_t<kSubsumes<KU, VU>>>
  MapRefBase(RefOf<KU, VU>&& other)  // NOLINT(google-explicit-constructor)
      : ObjectRef(static_cast<ObjectRef&&>(other)) {}
  /*! \brief Adopts an existing object of type TObj (must not be null). */
  explicit MapRefBase(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {
    TVM_FFI_ICHECK(data_ != nullptr) << RefOf<K, V>::kTypeName << " cannot hold a null object";
  }
  /*! \brief From a range of pairs; later duplicates win. */
  template <typename IterType>
  MapRefBase(IterType first, IterType last) {
    data_ = detail::MapOps::FromRange<TObj>(detail::MapOps::IterRange<IterType>{first, last});
  }
  MapRefBase(std::initializer_list<std::pair<K, V>> init) : MapRefBase(init.begin(), init.end()) {}
  template <typename Hash, typename Equal>
  MapRefBase(const std::unordered_map<K, V, Hash, Equal>& init)  // NOLINT
      : MapRefBase(init.begin(), init.end()) {}

  template <typename KU, typename VU, typename = std::enable_if_t<kSubsumes<KU, VU>>>
  RefOf<K, V>& operator=(const RefOf<KU, VU>& other) {
    ObjectRef::operator=(static_cast<const ObjectRef&>(other));
    return static_cast<RefOf<K, V>&>(*this);
  }
  template <typename KU, typename VU, typename = std::enable_if_t<kSubsumes<KU, VU>>>
  RefOf<K, V>& operator=(RefOf<KU, VU>&& other) {
    ObjectRef::operator=(static_cast<ObjectRef&&>(other));
    return static_cast<RefOf<K, V>&>(*this);
  }

  /*! \return The value of `key`; throws KeyError when absent. */
  V at(const K& key) const {
    return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<V>(GetObj()->at(Any(key)));
  }
  V operator[](const K& key) const { return at(key); }
  size_t size() const { return data_ == nullptr ? 0 : GetObj()->size(); }
  bool empty() const { return size() == 0; }
  size_t count(const K& key) const { return data_ == nullptr ? 0 : GetObj()->count(Any(key)); }
  /*! \return The value of `key`, or nullopt. */
  std::optional<V> Get(const K& key) const {
    if (data_ == nullptr) return std::nullopt;
    MapBaseObj::iterator it = GetObj()->find(Any(key));
    if (it == GetObj()->end()) return std::nullopt;
    return detail::AnyUnsafe::CopyFromAnyViewAfterCheck<V>(it->second);
  }
  iterator begin() const { return iterator(GetObj()->begin()); }
  iterator end() const { return iterator(GetObj()->end()); }
  iterator find(const K& key) const { return iterator(GetObj()->find(Any(key))); }

  using ContainerType = TObj;
  static constexpr bool _type_container_is_exact = false;
  static constexpr bool _type_is_nullable = false;

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
      const MapBaseObj::KVType& kv = *it_;
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
    explicit iterator(const MapBaseObj::iterator& it) : it_(it) {}
    MapBaseObj::iterator it_;
    friend class MapRefBase;
  };

 protected:
  TObj* GetObj() const { return static_cast<TObj*>(data_.get()); }
};

}  // namespace ffi
}  // namespace tvm

#endif  // TVM_FFI_CONTAINER_MAP_BASE_H_
